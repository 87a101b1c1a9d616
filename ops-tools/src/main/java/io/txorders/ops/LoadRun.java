package io.txorders.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A closed-loop load run: {@code threads} workers call an operation back to back for a fixed time; every call's
 * latency is kept (no sampling) for exact percentiles. A warm-up run of the same shape comes first and is
 * discarded (the first seconds after start are much slower: JIT, connection pools).
 */
final class LoadRun {

    /** One operation; {@code true} when it succeeded. */
    @FunctionalInterface
    interface Operation {
        boolean call() throws Exception;
    }

    /** What a run measured. Latencies in milliseconds. */
    record Stats(int threads, long ok, long failed, double seconds, double perSecond, double p50, double p95,
                 double p99) {
        String row(String name) {
            return String.format("%-34s %7d %10.0f %9.1f %9.1f %9.1f %8d", name, threads, perSecond, p50, p95, p99,
                    failed);
        }
    }

    private LoadRun() {
    }

    static Stats run(int threads, Duration warmUp, Duration duration, Operation operation) throws Exception {
        if (!warmUp.isZero()) {
            measure(threads, warmUp, operation);
        }
        return measure(threads, duration, operation);
    }

    private static Stats measure(int threads, Duration duration, Operation operation) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> workers = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < threads; i++) {
                workers.add(pool.submit(() -> {
                    long[] latencies = new long[1024];
                    int n = 0;
                    long failed = 0;
                    while (running.get()) {
                        long t0 = System.nanoTime();
                        boolean ok;
                        try {
                            ok = operation.call();
                        } catch (Exception e) {
                            ok = false;
                        }
                        long took = System.nanoTime() - t0;
                        if (ok) {
                            if (n == latencies.length) {
                                latencies = Arrays.copyOf(latencies, n * 2);
                            }
                            latencies[n++] = took;
                        } else {
                            failed++;
                        }
                    }
                    long[] result = Arrays.copyOf(latencies, n + 1);
                    result[n] = -failed - 1; // last slot: the failure count, encoded negative
                    return result;
                }));
            }
            Thread.sleep(duration.toMillis());
            running.set(false);
            long[] all = new long[0];
            long failed = 0;
            for (Future<long[]> worker : workers) {
                long[] part = worker.get();
                failed += -part[part.length - 1] - 1;
                int old = all.length;
                all = Arrays.copyOf(all, old + part.length - 1);
                System.arraycopy(part, 0, all, old, part.length - 1);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(all);
            return new Stats(threads, all.length, failed, seconds, all.length / seconds, percentile(all, 0.50),
                    percentile(all, 0.95), percentile(all, 0.99));
        } finally {
            pool.shutdownNow();
        }
    }

    static double percentile(long[] sortedNanos, double quantile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(quantile * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
    }
}
