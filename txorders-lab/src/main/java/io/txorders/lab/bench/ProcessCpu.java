package io.txorders.lab.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used by the processes of a measurement, so a figure can say where its cost went: this JVM (the load
 * generator, and in the embedded platform also the RocketMQ broker and proxy) and the platform's other processes.
 * On a machine where they all share the cores, the CPU per operation explains a rate better than the rate alone.
 *
 * <p>Reads the operating system's per-process totals ({@link ProcessHandle.Info#totalCpuDuration()}); a process
 * whose total the OS does not give is left out rather than counted as zero.
 */
final class ProcessCpu {

    /** The name of this JVM's entry. */
    static final String THIS_JVM = "bench-jvm";

    private final Map<String, ProcessHandle> processes = new LinkedHashMap<>();

    ProcessCpu(Map<String, ProcessHandle> platformProcesses) {
        processes.put(THIS_JVM, ProcessHandle.current());
        processes.putAll(platformProcesses);
    }

    /** The processes counted, by name: this JVM first. */
    Map<String, ProcessHandle> processes() {
        return java.util.Collections.unmodifiableMap(processes);
    }

    /** Total CPU time so far of every process that reports it. */
    Map<String, Duration> snapshot() {
        Map<String, Duration> totals = new LinkedHashMap<>();
        processes.forEach((name, process) -> process.info().totalCpuDuration()
                .ifPresent(cpu -> totals.put(name, cpu)));
        return totals;
    }

    /**
     * Milliseconds of CPU per operation between two snapshots, per process, plus {@code total}.
     *
     * @param operations how many operations the interval completed; with none, per operation is undefined and
     *                   an empty map is returned
     */
    static Map<String, Double> perOperation(Map<String, Duration> before, Map<String, Duration> after,
                                            long operations) {
        Map<String, Double> perOperation = new LinkedHashMap<>();
        if (operations <= 0) {
            return perOperation;
        }
        double total = 0;
        for (var entry : after.entrySet()) {
            Duration start = before.get(entry.getKey());
            if (start == null) {
                continue; // started or restarted in between: its total is not comparable
            }
            double millis = entry.getValue().minus(start).toNanos() / 1e6 / operations;
            perOperation.put(entry.getKey(), Math.round(millis * 1000) / 1000.0);
            total += millis;
        }
        perOperation.put("total", Math.round(total * 1000) / 1000.0);
        return perOperation;
    }

    /** CPU seconds used between two snapshots, all processes together, per second of {@code wall} time. */
    static double busyCores(Map<String, Duration> before, Map<String, Duration> after, Duration wall) {
        long nanos = 0;
        for (var entry : after.entrySet()) {
            Duration start = before.get(entry.getKey());
            if (start != null) {
                nanos += entry.getValue().minus(start).toNanos();
            }
        }
        return wall.isZero() ? 0 : Math.round(nanos / (double) wall.toNanos() * 100) / 100.0;
    }
}
