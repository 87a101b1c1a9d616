package io.txorders.messaging.publish;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.contract.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Finds committed publishes the broker gave up on and publishes their exact message again.
 *
 * <p>RocketMQ checks back on a half message at most {@code transactionCheckMax} times; when none of the checks is
 * answered (order-producer down or still starting, its database away) it discards the message into the system topic
 * {@code TRANS_CHECK_MAX_TIME_TOPIC}, which the gRPC proxy does not let clients read ("cannot access system topic").
 * So the database is the detector: a COMMITTED {@code tx_state} row whose commit was never confirmed
 * ({@link CommitConfirmations}: neither the commit nor a check-back's COMMIT answer reached RocketMQ) and that is
 * older than the broker's whole check window ({@code txorders.publisher.recovery.after}) was discarded. It is counted
 * ({@code txorders.tx.discarded}) and republished byte for byte; rolled-back rows are never touched.
 *
 * <p>Any instance may sweep: a row is republished only by the instance whose conditional claim won, and the claim
 * expires after {@code lease} so an instance that dies mid-way leaves the row to another. A duplicate delivery (the
 * original did arrive after all, or two claims overlapped after a lease expired) is dropped by every consumer's
 * inbox. A RocketMQ outage only postpones recovery: the claim expires and the next sweep tries again, for ever.
 */
public class DiscardedPublishRecovery {

    private static final Logger log = LoggerFactory.getLogger(DiscardedPublishRecovery.class);

    private final TransactionStateRepository states;
    private final CommittedPublishSender sender;
    private final Settings settings;
    private final MeterRegistry meters;
    private final Clock clock;
    private final AtomicLong unconfirmedPastWindow = new AtomicLong();

    /**
     * @param after age after which an unconfirmed COMMITTED row counts as discarded: must exceed the broker's check
     *        window ({@code transactionTimeOut + transactionCheckMax × transactionCheckInterval}, 6 s + 15 × 30 s in a
     *        default broker). Shorter only causes duplicate deliveries, which the inboxes drop. Longer delays the
     *        event: keep it below anything that acts on the event's absence (order-producer's payment timeout, 15 m
     *        by default, would cancel an order whose OrderCreated was discarded before it is republished)
     * @param interval how often each instance sweeps
     * @param lease how long a claim keeps other instances off a row
     * @param batchSize rows per sweep round
     * @param enabled whether this instance sweeps at all (the admin republish works either way)
     */
    public record Settings(@DefaultValue("10m") Duration after, @DefaultValue("30s") Duration interval,
                           @DefaultValue("2m") Duration lease, @DefaultValue("100") int batchSize,
                           @DefaultValue("true") boolean enabled) {
        public Settings {
            if (after.isNegative() || after.isZero() || lease.isNegative() || lease.isZero() || batchSize < 1) {
                throw new IllegalArgumentException("txorders.publisher.recovery: after and lease must be positive and "
                        + "batch-size at least 1, got " + after + ", " + lease + ", " + batchSize);
            }
        }
    }

    /** What an explicit republish did. */
    public enum Outcome {
        /** Published again and committed. */
        REPUBLISHED,
        /** Published again; the commit was not confirmed, the check-back will commit it. */
        REPUBLISHED_COMMIT_PENDING,
        /** Another instance holds the row's claim right now. */
        CLAIMED_ELSEWHERE,
        /** The row is a rollback: its message must never be delivered. */
        ROLLED_BACK,
        /** No such row (never written, or purged). */
        NOT_FOUND,
        /** The row was written before message bodies were kept: it cannot be rebuilt. */
        NO_BODY
    }

    /**
     * @param topics the topics this service publishes to transactionally: the discard counters of their event types
     *        start at 0, since a series that first appears at 1 has no increase an alert could see
     */
    public DiscardedPublishRecovery(TransactionStateRepository states, CommittedPublishSender sender,
                                    Settings settings, Collection<Topic> topics, MeterRegistry meters, Clock clock) {
        this.states = states;
        this.sender = sender;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
        for (EventType type : EventType.values()) {
            if (topics.contains(type.topic())) {
                meters.counter("txorders.tx.discarded", "event", type.name());
            }
        }
        Gauge.builder("txorders.tx.unconfirmed.past.window", unconfirmedPastWindow, AtomicLong::get)
                .description("Committed publishes older than the broker's check window found unconfirmed in the "
                        + "last sweep (being republished)")
                .register(meters);
    }

    @Scheduled(initialDelayString = "${txorders.publisher.recovery.interval:30s}",
            fixedDelayString = "${txorders.publisher.recovery.interval:30s}")
    void scheduledSweep() {
        if (!settings.enabled()) {
            return;
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("discarded-publish sweep failed, retrying in {}: {}", settings.interval(), e.toString());
        }
    }

    /**
     * One sweep: every unconfirmed COMMITTED row past the check window, oldest first, claimed and republished.
     *
     * @return how many rows were republished
     */
    public int sweep() {
        Instant now = clock.instant();
        List<CommittedPublish> found = states.findUnconfirmedBefore(now.minus(settings.after()), now,
                settings.batchSize());
        unconfirmedPastWindow.set(found.size());
        int republished = 0;
        for (CommittedPublish publish : found) {
            Outcome outcome = recover(publish, "sweep");
            if (outcome == Outcome.REPUBLISHED || outcome == Outcome.REPUBLISHED_COMMIT_PENDING) {
                republished++;
            }
        }
        return republished;
    }

    /**
     * Republishes one COMMITTED publish now, whatever its age and confirmation (the operator's and reconcile's
     * {@code --repair} path; duplicates are harmless).
     *
     * @throws RuntimeException when RocketMQ did not take the message
     */
    public Outcome republish(UUID txId) {
        return states.findCommitted(txId)
                .map(publish -> recover(publish, "admin"))
                .orElseGet(() -> states.exists(txId) ? Outcome.ROLLED_BACK : Outcome.NOT_FOUND);
    }

    private Outcome recover(CommittedPublish publish, String trigger) {
        Instant now = clock.instant();
        if (!states.claimRecovery(publish.txId(), now, now.plus(settings.lease()), trigger.equals("sweep"))) {
            return Outcome.CLAIMED_ELSEWHERE;
        }
        if (trigger.equals("sweep") && publish.recoveryAttempts() == 0) {
            // Counted once per row, by the instance whose first claim won.
            meters.counter("txorders.tx.discarded", "event", String.valueOf(publish.eventType())).increment();
            log.warn("committed publish never confirmed by RocketMQ within {}: the broker discarded its half message "
                            + "(or its confirmation was dropped: txorders.publisher.confirmations.dropped); "
                            + "republishing type={} eventId={} orderNo={} createdAt={} checksAnswered={}",
                    settings.after(), publish.eventType(), publish.txId(), publish.orderNo(), publish.createdAt(),
                    publish.checkCount());
        }
        if (publish.messageBody() == null) {
            // Claimed first, so this is logged once per lease and not on every sweep.
            log.error("committed publish cannot be republished: written before message bodies were kept type={} "
                    + "eventId={} orderNo={}", publish.eventType(), publish.txId(), publish.orderNo());
            count(publish, trigger, "no_body");
            return Outcome.NO_BODY;
        }
        boolean committed;
        try {
            committed = sender.republish(publish);
        } catch (RuntimeException e) {
            // The claim expires after the lease; the next sweep tries again, however long RocketMQ is away.
            count(publish, trigger, "unavailable");
            log.warn("republish of {} not taken by RocketMQ, retrying after {} eventId={} orderNo={}: {}",
                    publish.eventType(), settings.lease(), publish.txId(), publish.orderNo(), e.getMessage());
            throw e;
        }
        if (committed) {
            states.markRepublished(publish.txId(), clock.instant());
            count(publish, trigger, "republished");
            log.warn("committed publish republished type={} eventId={} orderNo={} trigger={}", publish.eventType(),
                    publish.txId(), publish.orderNo(), trigger);
            return Outcome.REPUBLISHED;
        }
        count(publish, trigger, "commit_pending");
        log.warn("committed publish republished, its commit not confirmed: the check-back commits it type={} eventId={} "
                + "orderNo={}", publish.eventType(), publish.txId(), publish.orderNo());
        return Outcome.REPUBLISHED_COMMIT_PENDING;
    }

    private void count(CommittedPublish publish, String trigger, String outcome) {
        meters.counter("txorders.tx.republished", "event", String.valueOf(publish.eventType()), "trigger", trigger,
                "outcome", outcome).increment();
    }
}
