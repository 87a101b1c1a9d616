package io.txorders.lab.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load: operation {@code i} is due at {@code start + i / rate}, whether or not the ones before it have
 * finished, and its latency is measured from that <em>intended</em> start, not from when it was actually sent. A
 * closed loop (or a sender that waits) stops issuing while the system stalls and so never records the orders that
 * would have arrived meanwhile ("coordinated omission"); here a stall shows as the latency of every order due during
 * it, and a sender that falls behind shows as send lag, recorded apart.
 *
 * <p>One dispatcher thread (the caller) waits for each due time and hands the operation to a pool of sender threads;
 * a send that starts late because every sender was busy still counts from its due time.
 */
final class OpenLoop {

    private OpenLoop() {
    }

    /**
     * A fixed schedule: {@code count} operations at {@code ratePerSecond}, the first due at the start.
     */
    record Schedule(double ratePerSecond, int count) {
        Schedule {
            if (!(ratePerSecond > 0) || count < 0) {
                throw new IllegalArgumentException("a schedule needs a positive rate and a count >= 0, got "
                        + ratePerSecond + "/s and " + count);
            }
        }

        /** As many operations as {@code duration} holds at {@code ratePerSecond} (at least one). */
        static Schedule of(double ratePerSecond, Duration duration) {
            return new Schedule(ratePerSecond, (int) Math.max(1, Math.round(ratePerSecond * duration.toNanos() / 1e9)));
        }

        /** When operation {@code index} (from 0) is due, after the start. */
        long offsetNanos(int index) {
            return Math.round(index * 1e9 / ratePerSecond);
        }
    }

    /** One operation; its result, or {@code null} (or an exception) when it failed. */
    @FunctionalInterface
    interface Operation<T> {
        T call(int index) throws Exception;
    }

    /** An operation that succeeded: when it was due (wall clock) and what it returned. */
    record Completed<T>(int index, Instant intendedStart, T value) {
    }

    /**
     * What a run did.
     *
     * @param start                 the wall-clock time of the first due time
     * @param completed             the operations that succeeded, in no particular order
     * @param failed                operations that returned {@code null} or threw
     * @param sendLag               per operation, in microseconds, how long after its due time it actually started
     *                              (dispatcher late, or every sender busy): 0 when the senders kept up
     * @param response              per succeeded operation, in microseconds, from its due time until it returned
     * @param achievedRatePerSecond the rate at which operations actually started: {@link #achievedRate}
     */
    record Result<T>(Schedule schedule, Instant start, List<Completed<T>> completed, long failed, Histogram sendLag,
                     Histogram response, double achievedRatePerSecond) {
    }

    /**
     * Runs the schedule on {@code senderThreads} threads and returns once every operation has finished.
     *
     * @param senderThreads enough that the senders are not what limits the rate: with fewer than the operations in
     *                      flight at once, operations queue and their send lag grows (their latency still counts from
     *                      their due time)
     */
    static <T> Result<T> run(Schedule schedule, int senderThreads, Operation<T> operation) throws InterruptedException {
        ThreadPoolExecutor senders = new ThreadPoolExecutor(senderThreads, senderThreads, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>());
        senders.prestartAllCoreThreads(); // no thread creation on the first sends' path
        ConcurrentHistogram sendLag = LatencySummary.concurrentHistogram();
        ConcurrentHistogram response = LatencySummary.concurrentHistogram();
        ConcurrentLinkedQueue<Completed<T>> completed = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        AtomicLong lastStartNanos = new AtomicLong();
        long startNanos = System.nanoTime();
        Instant start = Instant.now();
        try {
            for (int i = 0; i < schedule.count(); i++) {
                int index = i;
                long dueNanos = startNanos + schedule.offsetNanos(i);
                for (long wait = dueNanos - System.nanoTime(); wait > 0; wait = dueNanos - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                Instant intendedStart = start.plusNanos(schedule.offsetNanos(i));
                senders.execute(() -> {
                    long startedNanos = System.nanoTime();
                    lastStartNanos.accumulateAndGet(startedNanos, Math::max);
                    sendLag.recordValue(LatencySummary.micros(startedNanos - dueNanos));
                    T value;
                    try {
                        value = operation.call(index);
                    } catch (Exception e) {
                        value = null;
                    }
                    if (value == null) {
                        failed.incrementAndGet();
                    } else {
                        response.recordValue(LatencySummary.micros(System.nanoTime() - dueNanos));
                        completed.add(new Completed<>(index, intendedStart, value));
                    }
                });
            }
        } finally {
            senders.shutdown();
        }
        if (!senders.awaitTermination(10, TimeUnit.MINUTES)) {
            senders.shutdownNow();
            throw new IllegalStateException("open loop: operations still running 10 minutes after the schedule");
        }
        return new Result<>(schedule, start, new ArrayList<>(completed), failed.get(), sendLag, response,
                achievedRate(schedule.count(), lastStartNanos.get() - startNanos));
    }

    /**
     * The rate at which {@code started} operations actually started, the first at the schedule's start and the last
     * {@code spanNanos} later: {@code (started - 1) / span}, so a schedule kept to the nanosecond achieves exactly its
     * rate; {@code NaN} for fewer than two operations.
     */
    static double achievedRate(int started, long spanNanos) {
        return started < 2 || spanNanos <= 0 ? Double.NaN : (started - 1) / (spanNanos / 1e9);
    }

    /**
     * Latencies from each operation's intended start to the time it reached a later state elsewhere (for an order:
     * RESERVED), recorded in a histogram of microseconds.
     *
     * @param intendedStart when each operation was due, by key (e.g. order number)
     * @param reachedAt     when each operation reached the state, by key; keys of {@code intendedStart} missing here
     *                      have not reached it and are counted as {@code missing}, keys not in {@code intendedStart}
     *                      are ignored
     * @return the histogram and counts; a time before the intended start (the two clocks' resolution: the database
     *         keeps milliseconds) is recorded as 0 and counted in {@code beforeIntendedStart}
     */
    static <K> Latencies latenciesSinceIntendedStart(Map<K, Instant> intendedStart, Map<K, Instant> reachedAt) {
        Histogram histogram = LatencySummary.histogram();
        long missing = 0;
        long beforeIntendedStart = 0;
        for (Map.Entry<K, Instant> operation : intendedStart.entrySet()) {
            Instant reached = reachedAt.get(operation.getKey());
            if (reached == null) {
                missing++;
                continue;
            }
            long nanos = Duration.between(operation.getValue(), reached).toNanos();
            if (nanos < 0) {
                beforeIntendedStart++;
            }
            histogram.recordValue(LatencySummary.micros(nanos));
        }
        return new Latencies(histogram, histogram.getTotalCount(), missing, beforeIntendedStart);
    }

    /** See {@link #latenciesSinceIntendedStart}. */
    record Latencies(Histogram histogram, long recorded, long missing, long beforeIntendedStart) {
    }
}
