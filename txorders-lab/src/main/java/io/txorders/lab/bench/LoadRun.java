package io.txorders.lab.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load run: {@code threads} workers call an operation back to back for a fixed time; every call's
 * latency is recorded (no sampling) in an HdrHistogram. A warm-up on the same threads comes first and is discarded:
 * the first seconds, even minutes, are much slower (JIT compilation in the client and in the services, connection
 * pools). It runs in windows until the rate stops improving (see {@link WarmUp}), so each figure is taken on a
 * warm system whichever process was cold, rather than after a fixed time that suits one of them.
 */
final class LoadRun {

    /** One operation; {@code true} when it succeeded. */
    @FunctionalInterface
    interface Operation {
        boolean call() throws Exception;
    }

    /**
     * Warm-up in windows of {@code window}: done once at least {@code minimum} has passed and two windows in a row
     * did not beat the best rate so far by more than 3 %, or at {@code maximum}.
     */
    record WarmUp(Duration window, Duration minimum, Duration maximum) {
        static final double IMPROVEMENT = 1.03;

        static WarmUp none() {
            return new WarmUp(Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }

        /**
         * Whether warm-up is over after windows with these rates (oldest first) and this much time.
         */
        boolean isDone(List<Double> rates, Duration elapsed) {
            if (window.isZero() || elapsed.compareTo(maximum) >= 0) {
                return true;
            }
            if (elapsed.compareTo(minimum) < 0) {
                return false;
            }
            double best = 0;
            int withoutImprovement = 0;
            for (double rate : rates) {
                withoutImprovement = rate > best * IMPROVEMENT ? 0 : withoutImprovement + 1;
                best = Math.max(best, rate);
            }
            return withoutImprovement >= 2;
        }
    }

    /**
     * What a run measured. Latencies in milliseconds (from an HdrHistogram of every call: {@link LatencySummary});
     * {@code cpuMsPerOperation} by process (see {@link ProcessCpu}) and {@code busyCores} (CPU seconds per second of
     * all of them) over the measured window, empty and 0 without CPU accounting.
     */
    record Stats(int threads, long ok, long failed, double seconds, double perSecond, double p50, double p95,
                 double p99, double p999, double max, double warmUpSeconds, Map<String, Double> cpuMsPerOperation,
                 double busyCores) {
        String row(String name) {
            return String.format("%-34s %7d %10.0f %9.1f %9.1f %9.1f %8d %7.0f %8s", name, threads, perSecond, p50,
                    p95, p99, failed, warmUpSeconds,
                    cpuMsPerOperation.containsKey("total") ? String.format("%.2f", cpuMsPerOperation.get("total")) : "-");
        }
    }

    private LoadRun() {
    }

    /**
     * Warms up, then measures for {@code duration}.
     *
     * @param cpu the processes to account CPU to over the measured window, or {@code null}
     */
    static Stats run(int threads, WarmUp warmUp, Duration duration, Operation operation, ProcessCpu cpu)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long warmStart = System.nanoTime();
            List<Double> rates = new ArrayList<>();
            while (!warmUp.isDone(rates, Duration.ofNanos(System.nanoTime() - warmStart))) {
                rates.add(measure(pool, threads, warmUp.window(), operation).perSecond());
            }
            double warmed = (System.nanoTime() - warmStart) / 1e9;
            Map<String, Duration> cpuBefore = cpu == null ? Map.of() : cpu.snapshot();
            Window window = measure(pool, threads, duration, operation);
            Map<String, Duration> cpuAfter = cpu == null ? Map.of() : cpu.snapshot();
            Histogram latencies = window.latencies();
            long ok = latencies.getTotalCount();
            return new Stats(threads, ok, window.failed(), window.seconds(), window.perSecond(),
                    LatencySummary.millisAt(latencies, 50), LatencySummary.millisAt(latencies, 95),
                    LatencySummary.millisAt(latencies, 99), LatencySummary.millisAt(latencies, 99.9),
                    ok == 0 ? Double.NaN : latencies.getMaxValue() / 1000.0, Math.round(warmed * 10) / 10.0,
                    ProcessCpu.perOperation(cpuBefore, cpuAfter, ok),
                    ProcessCpu.busyCores(cpuBefore, cpuAfter, Duration.ofNanos((long) (window.seconds() * 1e9))));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every successful call's latency (microseconds), the failed calls, the window's wall time. */
    private record Window(Histogram latencies, long failed, double seconds) {
        double perSecond() {
            return latencies.getTotalCount() / seconds;
        }
    }

    private record WorkerWindow(Histogram latencies, long failed) {
    }

    /** The pool's threads keep their thread-local state (connections) from one window to the next. */
    private static Window measure(ExecutorService pool, int threads, Duration duration, Operation operation)
            throws Exception {
        List<Future<WorkerWindow>> workers = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos(); // every worker stops at the same deadline
        for (int i = 0; i < threads; i++) {
            workers.add(pool.submit(() -> {
                Histogram latencies = LatencySummary.histogram(); // one per thread: recording takes no lock
                long failed = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                        ok = operation.call();
                    } catch (Exception e) {
                        ok = false;
                    }
                    long took = System.nanoTime() - t0;
                    if (ok) {
                        latencies.recordValue(LatencySummary.micros(took));
                    } else {
                        failed++;
                    }
                }
                return new WorkerWindow(latencies, failed);
            }));
        }
        Histogram all = LatencySummary.histogram();
        long failed = 0;
        for (Future<WorkerWindow> worker : workers) {
            WorkerWindow part = worker.get();
            all.add(part.latencies());
            failed += part.failed();
        }
        return new Window(all, failed, (System.nanoTime() - start) / 1e9);
    }
}
