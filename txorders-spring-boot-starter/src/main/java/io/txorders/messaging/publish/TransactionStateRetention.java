package io.txorders.messaging.publish;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Purges {@code tx_state} rows older than {@code txorders.publisher.retention} (default 7 days), in batches, every
 * {@code txorders.publisher.purge-interval}. Keep the retention far above the broker's check window (first check +
 * max checks × interval; minutes in a default broker): a row purged while its message is still in doubt would leave
 * the check-back without an answer (it then answers ROLLBACK via a new tombstone — wrong for a committed change).
 */
public class TransactionStateRetention {

    private static final Logger log = LoggerFactory.getLogger(TransactionStateRetention.class);
    private static final int BATCH = 1_000;

    private final TransactionStateRepository states;
    private final Duration retention;
    private final Clock clock;

    /** @throws IllegalArgumentException if {@code retention} is under one hour */
    public TransactionStateRetention(TransactionStateRepository states, Duration retention, Clock clock) {
        if (retention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("txorders.publisher.retention must be at least 1h (the broker may "
                    + "still check back on young rows), got " + retention);
        }
        this.states = states;
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${txorders.publisher.purge-interval:1h}",
            fixedDelayString = "${txorders.publisher.purge-interval:1h}")
    void scheduledPurge() {
        try {
            purgeNow();
        } catch (RuntimeException e) {
            log.warn("tx_state purge failed, retrying next round: {}", e.toString());
        }
    }

    /** Deletes every expired row; returns how many. */
    public int purgeNow() {
        Instant cutoff = clock.instant().minus(retention);
        int total = 0;
        int deleted;
        do {
            deleted = states.purgeCreatedBefore(cutoff, BATCH);
            total += deleted;
        } while (deleted == BATCH);
        if (total > 0) {
            log.info("tx_state purged rows={} createdBefore={}", total, cutoff);
        }
        return total;
    }
}
