package io.txorders.messaging.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.retention.ExpiredRows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Publishes pending outbox rows to their topic, lowest id first, at least once.
 *
 * <p>One thread per instance runs the rounds: woken after the commit of every transaction that appended rows
 * ({@link #wakeUp()}), with {@code txorders.outbox.poll-interval} only as the backstop. Each round claims a batch with
 * a lease (so two relay instances never send the same row at once), sends the rows in id order and marks those that
 * went out SENT in one statement. A failed send backs off exponentially (capped at {@code maxBackoff})
 * and stops the round (later rows of the batch are given back, keeping id order). What happens next depends on
 * why the send failed:
 * <ul>
 *   <li>the broker could not be reached or did not answer in time (any failure but an
 *       {@link OutboxMessageRejectedException}): the row stays PENDING and is tried again for as long as the
 *       outage lasts. Its attempts keep counting, for visibility only: an outage longer than the attempts times
 *       the back-off must not turn every reservation outcome of that time into a DEAD row and time the orders out;
 *   <li>the broker rejected the message itself ({@link OutboxMessageRejectedException}): after {@code maxAttempts}
 *       attempts the row is DEAD ({@code txorders.outbox.dead} counter, ERROR log) and waits for an operator to
 *       requeue it ({@link OutboxOperations}).
 * </ul>
 * A relay that dies between send and mark leaves the rows to be sent again after their lease: the receiver's inbox
 * drops the duplicate. {@code txorders.outbox.backlog} gauges the PENDING rows and
 * {@code txorders.outbox.oldest.pending.age} (seconds) how long the oldest of them has waited: the signal of an
 * outage, since nothing else gives up.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxRepository rows;
    private final OutboxMessageSender sender;
    private final OutboxProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestPendingAgeSeconds = new AtomicLong();
    private final ExpiredRows sentRows;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private volatile Thread loop;

    public OutboxRelay(OutboxRepository rows, OutboxMessageSender sender, OutboxProperties properties,
                       MeterRegistry meters, Clock clock) {
        this.rows = rows;
        this.sender = sender;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        this.sentRows = new ExpiredRows("outbox", "txorders.outbox.retention", properties.retention(), Duration.ofHours(1),
                rows::purgeSentBefore, clock);
        Gauge.builder("txorders.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows waiting to be published")
                .register(meters);
        Gauge.builder("txorders.outbox.oldest.pending.age", oldestPendingAgeSeconds, AtomicLong::get)
                .description("Age of the oldest outbox row waiting to be published (0 when none)")
                .baseUnit("seconds")
                .register(meters);
    }

    /**
     * Asks the relay loop to run a round now instead of at the end of its poll interval: called after the commit of a
     * transaction that appended rows ({@link Outbox}). Never blocks; wake-ups that come while a round runs fold into
     * one more round.
     */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /**
     * Starts the relay loop ({@code txorders.outbox.relay}, default on): one thread, so this instance sends its rows in
     * id order; each round drains what is due, then the loop waits for a {@link #wakeUp()} or, as a backstop for rows
     * another instance wrote or whose wake-up was lost, at most {@code txorders.outbox.poll-interval}.
     */
    @Override
    public void start() {
        if (!properties.relay() || loop != null) {
            return;
        }
        running = true;
        loop = new Thread(this::relayUntilStopped, "outbox-relay");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = loop;
        loop = null;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(properties.lease().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    private void relayUntilStopped() {
        while (running) {
            try {
                wakeUps.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            try {
                while (running && relayOnce() == properties.batchSize()) {
                    // A full batch: more may be waiting, go on without pausing.
                }
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("outbox relay round failed, retrying next round: {}", e.toString());
                }
            }
        }
    }

    /** Reads the backlog gauges from the table now (scheduled every {@code txorders.outbox.backlog-refresh}). */
    @Scheduled(fixedDelayString = "${txorders.outbox.backlog-refresh:5s}")
    public void refreshBacklog() {
        try {
            backlog.set(rows.countPending());
            Instant now = clock.instant();
            // Never negative: another instance's clock may run a little ahead of this one.
            oldestPendingAgeSeconds.set(rows.oldestPendingCreatedAt()
                    .map(createdAt -> Math.max(0, Duration.between(createdAt, now).toSeconds()))
                    .orElse(0L));
        } catch (RuntimeException e) {
            log.debug("outbox backlog not refreshed: {}", e.toString());
        }
    }

    @Scheduled(initialDelayString = "1h", fixedDelayString = "1h")
    void purgeSent() {
        sentRows.purgeOrLog();
    }

    /**
     * One round: claim, send in id order, mark. Nothing while the sender is not {@link OutboxMessageSender#ready()}.
     *
     * @return how many rows were claimed
     */
    public int relayOnce() {
        if (!sender.ready()) {
            return 0;
        }
        String token = instanceId + "-" + rounds.incrementAndGet();
        Instant now = clock.instant();
        int claimed = rows.claim(token, now, now.plus(properties.lease()), properties.batchSize());
        if (claimed == 0) {
            return 0;
        }
        List<OutboxEntry> batch = rows.findClaimed(token);
        List<Long> sent = new ArrayList<>(batch.size());
        for (OutboxEntry entry : batch) {
            try {
                sender.send(entry);
            } catch (RuntimeException e) {
                markSent(sent, token);
                fail(entry, token, e);
                rows.release(token);
                return claimed;
            }
            sent.add(entry.id());
            log.debug("outbox sent id={} type={} eventId={} orderNo={}", entry.id(), entry.eventType(),
                    entry.eventId(), entry.orderNo());
        }
        markSent(sent, token);
        return claimed;
    }

    /**
     * One UPDATE for the rows of a round that went out (one log flush, not one per row). A relay that dies before it
     * leaves them claimed: they are sent again after the lease, and the receiver's inbox drops the duplicates.
     */
    private void markSent(List<Long> sent, String token) {
        int marked = rows.markSent(sent, token, clock.instant());
        if (marked < sent.size()) {
            log.warn("outbox claim lost before marking sent (lease too short?) sent={} marked={} ids={}", sent.size(),
                    marked, sent);
        }
    }

    private void fail(OutboxEntry entry, String token, RuntimeException e) {
        int attempts = entry.attempts() + 1;
        boolean rejected = e instanceof OutboxMessageRejectedException;
        // Only the broker's verdict on the message counts towards DEAD; an unreachable broker is waited out.
        boolean dead = rejected && attempts >= properties.maxAttempts();
        Instant next = clock.instant().plus(properties.backoffAfter(attempts));
        String error = String.valueOf(e.getMessage());
        rows.markFailed(entry.id(), token, attempts, next, error.length() > 500 ? error.substring(0, 500) : error, dead);
        if (dead) {
            meters.counter("txorders.outbox.dead").increment();
            log.error("outbox row DEAD after {} attempts, rejected by the broker id={} type={} eventId={} orderNo={}: {}",
                    attempts, entry.id(), entry.eventType(), entry.eventId(), entry.orderNo(), error);
        } else {
            log.warn("outbox send failed ({}) attempt={} next={} id={} eventId={} orderNo={}: {}",
                    rejected ? "rejected" : "broker unavailable", attempts, next, entry.id(), entry.eventId(),
                    entry.orderNo(), error);
        }
    }
}
