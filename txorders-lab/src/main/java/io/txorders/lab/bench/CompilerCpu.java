package io.txorders.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time spent by each JVM's JIT compiler threads, read from Linux's per-thread accounting
 * ({@code /proc/<pid>/task/<tid>/comm} and {@code stat}): the threads HotSpot names {@code C1 CompilerThread…} and
 * {@code C2 CompilerThread…} (the kernel keeps 15 characters of a name).
 *
 * <p>Why beside {@link CompilationTime}: {@code jvm.compilation.time} is the compilers' <em>elapsed</em> time, and on
 * two cores saturated by the load a compiler thread spends most of it waiting for a core, so it reads "100 % of wall
 * time" whether the compiler works or queues. The thread's CPU time says what it actually did. Neither alone says the
 * compile queue is empty: a starved compiler shows little CPU and much elapsed time.
 *
 * <p>Failure semantics: a process without compiler threads (MariaDB), one that has exited, and any machine without
 * {@code /proc} give no entry rather than zero. HotSpot stops compiler threads it added when their queue runs dry
 * ({@code UseDynamicNumberOfCompilerThreads}); CPU of a thread that ended between two snapshots is not counted, which
 * can only understate a window in which the compiler had already gone idle.
 */
final class CompilerCpu {

    private static final Path PROC = Path.of("/proc");
    /** What the kernel keeps of HotSpot's compiler thread names, {@code C1 CompilerThread0} etc. */
    private static final String C1 = "C1 CompilerThre";
    private static final String C2 = "C2 CompilerThre";
    /** The clock ticks per second of {@code stat}'s utime and stime: USER_HZ, 100 on every Linux build in use. */
    private static final double TICKS_PER_SECOND = 100;

    private final Path proc;

    CompilerCpu() {
        this(PROC);
    }

    /** @param proc where the proc file system is; tests pass a directory laid out like it */
    CompilerCpu(Path proc) {
        this.proc = proc;
    }

    /**
     * By process name, each compiler thread's CPU time so far in milliseconds, by thread id (a thread's total, so that
     * a thread started or ended between two snapshots does not make the difference negative). A process that has no
     * compiler threads or cannot be read is left out.
     */
    Map<String, Map<Long, Double>> snapshot(Map<String, ProcessHandle> processes) {
        Map<String, Map<Long, Double>> snapshot = new LinkedHashMap<>();
        processes.forEach((name, process) -> {
            Map<Long, Double> threads = compilerThreads(process.pid());
            if (!threads.isEmpty()) {
                snapshot.put(name, threads);
            }
        });
        return snapshot;
    }

    /**
     * By process, the compiler threads' CPU milliseconds between two snapshots: for each thread in {@code after}, its
     * total less its total in {@code before} (a thread new since then counts from zero). A process missing from
     * either snapshot is left out.
     */
    static Map<String, Double> grown(Map<String, Map<Long, Double>> before, Map<String, Map<Long, Double>> after) {
        Map<String, Double> grown = new LinkedHashMap<>();
        after.forEach((name, threads) -> {
            Map<Long, Double> earlier = before.get(name);
            if (earlier == null) {
                return;
            }
            double millis = 0;
            for (var thread : threads.entrySet()) {
                millis += Math.max(0, thread.getValue() - earlier.getOrDefault(thread.getKey(), 0.0));
            }
            grown.put(name, millis);
        });
        return grown;
    }

    private Map<Long, Double> compilerThreads(long pid) {
        Map<Long, Double> threads = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(proc.resolve(Long.toString(pid)).resolve("task"))) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (name.startsWith(C1) || name.startsWith(C2)) {
                        threads.put(Long.parseLong(task.getFileName().toString()),
                                cpuMillis(Files.readString(task.resolve("stat"))));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read: it is simply not in this snapshot
                }
            });
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return threads;
    }

    /**
     * utime + stime of one {@code stat} line in milliseconds. The name field is in parentheses and may itself hold
     * spaces and parentheses, so the fields are counted from the last {@code ')'}: state is the first after it, utime
     * the 12th and stime the 13th (fields 14 and 15 of proc(5)).
     */
    static double cpuMillis(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1000 / TICKS_PER_SECOND;
    }
}
