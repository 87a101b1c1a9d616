package io.txorders.lab.bench;

import io.txorders.lab.bench.CpuAttribution.Component;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import one.profiler.AsyncProfilerLoader;

/**
 * async-profiler attached to the platform's JVMs for one measured window ({@code scripts/bench.sh --profile}): CPU
 * samples every 2 ms with thread names, kernel frames included where the machine allows perf events (async-profiler
 * falls back to a CPU timer otherwise). The profiler comes from Maven Central with its native parts (ap-loader), so
 * nothing is installed on the machine; it is attached from outside ({@code asprof}), as to any running JVM.
 *
 * <p>Failure semantics: a process that is not a JVM (MariaDB) is not profiled; one the profiler cannot attach to is
 * reported on {@code out} and left out. Neither fails the benchmark: the profile is an explanation of its figures,
 * not one of them.
 */
final class CpuProfiles {

    private final Map<String, Long> profiled;
    private final Path directory;
    private final PrintStream out;

    private CpuProfiles(Map<String, Long> profiled, Path directory, PrintStream out) {
        this.profiled = profiled;
        this.directory = directory;
        this.out = out;
    }

    /**
     * Starts profiling every JVM among {@code processes} (name → process). Never throws: a process the profiler cannot
     * attach to, or a directory that cannot be made, is reported on {@code out} and that profile left out.
     */
    static CpuProfiles start(Map<String, ProcessHandle> processes, Path directory, PrintStream out) {
        Map<String, Long> started = new LinkedHashMap<>();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            out.printf("bench: no profiles: cannot make %s: %s%n", directory, e.getMessage());
            return new CpuProfiles(started, directory, out);
        }
        processes.forEach((name, process) -> {
            if (!isJvm(process)) {
                return;
            }
            String pid = Long.toString(process.pid());
            try {
                AsyncProfilerLoader.executeProfiler("start", "-e", "cpu", "-i", "2ms", "-t", pid);
                started.put(name, process.pid());
            } catch (IOException | RuntimeException e) {
                out.printf("bench: cannot profile %s (pid %s): %s%n", name, pid, e.getMessage());
            }
        });
        return new CpuProfiles(started, directory, out);
    }

    /**
     * Stops every profile, writes it as collapsed stacks ({@code <name>.collapsed}, for flame graph tools) and returns
     * its samples by component ({@link CpuAttribution}), per process. Never throws: a profile that could not be stopped
     * or read is reported on {@code out} and left out, so the result may name fewer processes than were started; such a
     * process counts as "(not profiled)" in {@link #msPerOperation}.
     */
    Map<String, Map<Component, Long>> stop() {
        Map<String, Map<Component, Long>> byProcess = new LinkedHashMap<>();
        profiled.forEach((name, pid) -> {
            Path file = directory.resolve(name + ".collapsed");
            try {
                AsyncProfilerLoader.executeProfiler("stop", "-o", "collapsed", "-f", file.toString(),
                        Long.toString(pid));
                byProcess.put(name, CpuAttribution.samplesByComponent(Files.readAllLines(file)));
            } catch (IOException | RuntimeException e) {
                out.printf("bench: no profile of %s (pid %d): %s%n", name, pid, e.getMessage());
            }
        });
        return byProcess;
    }

    /**
     * Milliseconds of CPU per operation by component: each process's measured CPU per operation shared out in the
     * proportions of its samples (a sample stands for the same CPU time wherever it falls), what no component owns
     * per process, plus every process that
     * was measured but not profiled (the database server) as one component of its own name.
     */
    static Map<String, Double> msPerOperation(Map<String, Map<Component, Long>> samplesByProcess,
                                              Map<String, Double> cpuMsPerOperation) {
        Map<String, Double> byComponent = new LinkedHashMap<>();
        cpuMsPerOperation.forEach((process, ms) -> {
            if ("total".equals(process)) {
                return;
            }
            Map<Component, Long> samples = samplesByProcess.get(process);
            long all = samples == null ? 0 : samples.values().stream().mapToLong(Long::longValue).sum();
            if (all == 0) {
                byComponent.merge(process + " (not profiled)", ms, Double::sum);
                return;
            }
            // What no component owns is told apart by process: in the bench JVM it is mostly the broker's pools.
            samples.forEach((component, count) -> byComponent.merge(component == Component.UNATTRIBUTED
                    ? component.label() + " (" + process + ")" : component.label(), ms * count / all, Double::sum));
        });
        byComponent.replaceAll((component, ms) -> Math.round(ms * 1000) / 1000.0);
        return byComponent;
    }

    /**
     * What one profiled window spends per operation more than another, component by component ({@code more - less},
     * negative where it spends less; a component only one of them has counts as 0 in the other), and the sum of the
     * differences as {@code "total"}: where the gap between two figures goes.
     */
    static Map<String, Double> difference(Map<String, Double> more, Map<String, Double> less) {
        Map<String, Double> difference = new LinkedHashMap<>();
        more.forEach((component, ms) -> difference.put(component, ms - less.getOrDefault(component, 0.0)));
        less.forEach((component, ms) -> difference.putIfAbsent(component, -ms));
        difference.put("total", difference.values().stream().mapToDouble(Double::doubleValue).sum());
        difference.replaceAll((component, ms) -> Math.round(ms * 1000) / 1000.0);
        return difference;
    }

    /**
     * {@link #difference} of two windows when it means something: both profiled the same JVMs, {@code mustInclude}
     * among them. A JVM profiled in one window only (a running platform, a profiler that could not attach) would count
     * its whole CPU on one side as a component and on the other as "(not profiled)".
     *
     * @return the difference, or empty when the windows are not comparable
     */
    static Optional<Map<String, Double>> differenceIfSameJvms(Map<String, Double> more, Set<String> moreJvms,
                                                             Map<String, Double> less, Set<String> lessJvms,
                                                             String mustInclude) {
        if (!moreJvms.equals(lessJvms) || !moreJvms.contains(mustInclude)) {
            return Optional.empty();
        }
        return Optional.of(difference(more, less));
    }

    /** Samples per process and component, the components by their labels: how result.json reports them. */
    static Map<String, Map<String, Long>> labelled(Map<String, Map<Component, Long>> samplesByProcess) {
        Map<String, Map<String, Long>> labelled = new LinkedHashMap<>();
        samplesByProcess.forEach((process, counts) -> counts.forEach((component, count) ->
                labelled.computeIfAbsent(process, p -> new LinkedHashMap<>()).put(component.label(), count)));
        return labelled;
    }

    private static boolean isJvm(ProcessHandle process) {
        return process.info().command().map(command -> Path.of(command).getFileName().toString().equals("java"))
                .orElse(false);
    }
}
