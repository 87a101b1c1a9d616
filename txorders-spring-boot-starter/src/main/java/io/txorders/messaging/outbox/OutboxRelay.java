package io.txorders.messaging.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Publishes pending outbox rows to their topic, lowest id first, at least once.
 *
 * <p>Each round claims a batch with a lease (so two relay instances never send the same row at once), sends
 * the rows in id order and marks each SENT. A failed send backs off exponentially (capped at {@code maxBackoff})
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
 * A relay that dies between send and mark leaves the row to be sent again after its lease: the receiver's inbox
 * drops the duplicate. {@code txorders.outbox.backlog} gauges the PENDING rows and
 * {@code txorders.outbox.oldest.pending.age} (seconds) how long the oldest of them has waited: the signal of an
 * outage, since nothing else gives up.
 */
public class OutboxRelay {

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

    public OutboxRelay(OutboxRepository rows, OutboxMessageSender sender, OutboxProperties properties,
                       MeterRegistry meters, Clock clock) {
        this.rows = rows;
        this.sender = sender;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        Gauge.builder("txorders.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows waiting to be published")
                .register(meters);
        Gauge.builder("txorders.outbox.oldest.pending.age", oldestPendingAgeSeconds, AtomicLong::get)
                .description("Age of the oldest outbox row waiting to be published (0 when none)")
                .baseUnit("seconds")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${txorders.outbox.poll-interval:200ms}")
    void scheduledRound() {
        if (!properties.relay()) {
            return;
        }
        try {
            while (relayOnce() == properties.batchSize()) {
                // A full batch: more may be waiting, go on without pausing.
            }
        } catch (RuntimeException e) {
            log.warn("outbox relay round failed, retrying next round: {}", e.toString());
        }
    }

    @Scheduled(fixedDelayString = "${txorders.outbox.backlog-refresh:5s}")
    /** Reads the backlog gauges from the table now (scheduled every {@code txorders.outbox.backlog-refresh}). */
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
        Instant cutoff = clock.instant().minus(properties.retention());
        int total = 0;
        int deleted;
        do {
            deleted = rows.purgeSentBefore(cutoff, 1_000);
            total += deleted;
        } while (deleted == 1_000);
        if (total > 0) {
            log.info("outbox purged sent rows={} sentBefore={}", total, cutoff);
        }
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
        for (OutboxEntry entry : batch) {
            try {
                sender.send(entry);
            } catch (RuntimeException e) {
                fail(entry, token, e);
                rows.release(token);
                break;
            }
            if (!rows.markSent(entry.id(), token, clock.instant())) {
                log.warn("outbox claim lost before marking sent (lease too short?) id={} eventId={} orderNo={}",
                        entry.id(), entry.eventId(), entry.orderNo());
            }
            log.debug("outbox sent id={} type={} eventId={} orderNo={}", entry.id(), entry.eventType(),
                    entry.eventId(), entry.orderNo());
        }
        return claimed;
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
