package io.txorders.messaging.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Records, in batches, which COMMITTED publishes reached RocketMQ: their commit was taken, or a check-back answered
 * COMMIT. What stays unconfirmed past the broker's check window is what {@link DiscardedPublishRecovery} republishes.
 *
 * <p>Batched off the request path on purpose: one UPDATE per flush instead of one more autocommit (and log flush)
 * per order. Failure semantics: a confirmation lost (crash before the flush, database down, queue full) only makes
 * recovery publish that event again, which every consumer's inbox drops as a duplicate; it can never lose one.
 *
 * <p>Counted so that such a republish is not taken for a broker's discard:
 * {@code txorders.publisher.confirmations.dropped} (with a WARN when dropping starts, and one with the count once a
 * flush has written every waiting confirmation) and {@code txorders.publisher.confirmations.waiting}.
 *
 * <p>Flushed every {@code txorders.publisher.confirm-interval} on a thread of its own while running (a
 * {@link SmartLifecycle}), and once more when stopped, so that a graceful stop leaves nothing to republish. Not on
 * Spring's scheduler: by default it has one thread, shared with every {@code @Scheduled} task of the service, and
 * while one of those ran long (an hourly purge of a million inbox rows, a timeout sweep after an outage) the
 * confirmations piled up until they were dropped.
 */
public class CommitConfirmations implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommitConfirmations.class);
    /** Beyond this many waiting confirmations (a long database outage) new ones are dropped; see above. */
    static final int MAX_QUEUED = 100_000;
    private static final int BATCH = 500;

    private final TransactionStateRepository states;
    private final Clock clock;
    private final Queue<UUID> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Counter dropped;
    /** Drops not reported yet: reported and reset once a flush has written every waiting confirmation. */
    private final AtomicLong droppedSinceReport = new AtomicLong();
    private final Duration interval;
    private final AtomicReference<ScheduledExecutorService> flusher = new AtomicReference<>();

    /** Flushed every 200 ms once started. */
    public CommitConfirmations(TransactionStateRepository states, Clock clock, MeterRegistry meters) {
        this(states, clock, meters, Duration.ofMillis(200));
    }

    /** @throws IllegalArgumentException if {@code interval} is not positive */
    public CommitConfirmations(TransactionStateRepository states, Clock clock, MeterRegistry meters,
                               Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("txorders.publisher.confirm-interval must be positive, got " + interval);
        }
        this.states = states;
        this.clock = clock;
        this.interval = interval;
        this.dropped = Counter.builder("txorders.publisher.confirmations.dropped")
                .description("Commit confirmations dropped because too many waited to be written (a long database "
                        + "outage); each such event is republished by the discarded-publish recovery")
                .register(meters);
        Gauge.builder("txorders.publisher.confirmations.waiting", size, AtomicInteger::get)
                .description("Commit confirmations waiting to be written to tx_state")
                .register(meters);
    }

    /** Queues the confirmation of one publish; never blocks, never fails. */
    public void confirm(UUID txId) {
        if (size.incrementAndGet() > MAX_QUEUED) {
            size.decrementAndGet();
            dropped.increment();
            if (droppedSinceReport.getAndIncrement() == 0) {
                log.warn("commit confirmations dropped: {} wait to be written already (is the database down?); the "
                        + "discarded-publish recovery will republish each dropped one, first eventId={}", MAX_QUEUED,
                        txId);
            }
            return;
        }
        queued.add(txId);
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "txorders-commit-confirmations");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::scheduledFlush, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        flusher.set(executor);
    }

    /**
     * Stops the flushes, then writes what still waits (the service's last commits). If the flush under way does not
     * end within 5 s (the database is slow or away), nothing more is tried: what waits is republished by the
     * discarded-publish recovery, and the shutdown is not held up past an orchestrator's grace period.
     */
    @Override
    public void stop() {
        ScheduledExecutorService executor = flusher.getAndSet(null);
        if (executor == null) {
            return;
        }
        executor.shutdown();
        boolean ended;
        try {
            ended = executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = false;
        }
        if (!ended) {
            executor.shutdownNow();
            log.warn("commit confirmations not written at shutdown, the flush under way did not end ({} waiting); "
                    + "the discarded-publish recovery republishes them", size.get());
            return;
        }
        scheduledFlush();
    }

    @Override
    public boolean isRunning() {
        return flusher.get() != null;
    }

    /** Stopped late: after the web server and the clients that confirm, so their last confirmations are written. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE / 2;
    }

    void scheduledFlush() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("commit confirmations not written, retrying next round ({} waiting): {}", size.get(), e.toString());
        }
    }

    /**
     * Writes every queued confirmation.
     *
     * @return how many rows changed
     * @throws RuntimeException on a database error; the batch that failed is queued again
     */
    public int flush() {
        int changed = 0;
        while (true) {
            List<UUID> batch = new ArrayList<>(BATCH);
            UUID next;
            while (batch.size() < BATCH && (next = queued.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                reportDrops();
                return changed;
            }
            size.addAndGet(-batch.size());
            try {
                changed += states.confirmCommits(batch, clock.instant());
            } catch (RuntimeException e) {
                batch.forEach(this::confirm);
                throw e;
            }
        }
    }

    private void reportDrops() {
        long drops = droppedSinceReport.getAndSet(0);
        if (drops > 0) {
            log.warn("commit confirmations written again after {} were dropped; the discarded-publish recovery "
                    + "republishes those events (txorders.publisher.recovery.after), consumers drop the duplicates",
                    drops);
        }
    }

    /** How many confirmations wait to be written. */
    public int waiting() {
        return size.get();
    }
}
