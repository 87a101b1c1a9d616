package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JIT compiler threads' CPU, read from a directory laid out like /proc. */
class CompilerCpuTest {

    @TempDir
    Path proc;

    @Test
    void countsOnlyTheCompilerThreadsUserAndSystemTime() throws Exception {
        long pid = ProcessHandle.current().pid();
        thread(pid, 11, "C2 CompilerThre", 250, 50);
        thread(pid, 12, "C1 CompilerThre", 40, 2);
        thread(pid, 13, "http-nio-8091-e", 9000, 900);

        Map<String, Map<Long, Double>> snapshot = new CompilerCpu(proc).snapshot(Map.of("bench-jvm",
                ProcessHandle.current()));

        assertThat(snapshot).containsOnlyKeys("bench-jvm");
        assertThat(snapshot.get("bench-jvm")).containsOnly(Map.entry(11L, 3000.0), Map.entry(12L, 420.0));
    }

    @Test
    void aProcessWithoutCompilerThreadsOrNotReadableHasNoEntry() throws Exception {
        long pid = ProcessHandle.current().pid();
        thread(pid, 21, "mariadbd", 100, 100);

        assertThat(new CompilerCpu(proc).snapshot(Map.of("mariadb", ProcessHandle.current()))).isEmpty();
        assertThat(new CompilerCpu(proc.resolve("nowhere")).snapshot(Map.of("gone", ProcessHandle.current())))
                .isEmpty();
    }

    @Test
    void theFieldsAreCountedFromTheLastParenthesisOfTheName() {
        // A name with a space and a parenthesis, as thread names may have: utime 7, stime 3 ticks.
        String stat = "4242 (C2 (odd) Thre) S 1 4242 4242 0 -1 4194368 120 0 0 0 7 3 0 0 20 0 55 0 1234 0 0";

        assertThat(CompilerCpu.cpuMillis(stat)).isEqualTo(100.0);
    }

    @Test
    void growthIsPerThreadAndANewThreadCountsFromZero() {
        Map<String, Map<Long, Double>> before = Map.of("order-producer", Map.of(11L, 1000.0, 12L, 500.0),
                "points-consumer", Map.of(31L, 10.0));
        Map<String, Map<Long, Double>> after = new LinkedHashMap<>();
        after.put("order-producer", Map.of(11L, 1300.0, 14L, 80.0)); // 12 ended, 14 started
        after.put("inventory-consumer", Map.of(21L, 5.0)); // not in the first snapshot

        assertThat(CompilerCpu.grown(before, after)).containsOnly(Map.entry("order-producer", 380.0));
    }

    private void thread(long pid, long tid, String name, long utime, long stime) throws Exception {
        Path task = Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("task")
                .resolve(Long.toString(tid)));
        Files.writeString(task.resolve("comm"), name + "\n");
        Files.writeString(task.resolve("stat"), tid + " (" + name + ") S 1 " + pid + " " + pid
                + " 0 -1 4194368 120 0 0 0 " + utime + " " + stime + " 0 0 20 0 55 0 1234 0 0\n");
    }
}
