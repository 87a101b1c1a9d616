package io.txorders.messaging.publish;

import io.txorders.messaging.retention.ExpiredRows;
import java.time.Clock;
import java.time.Duration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Purges {@code tx_state} rows older than {@code txorders.publisher.retention} (default 7 days), in batches, every
 * {@code txorders.publisher.purge-interval}. Keep the retention far above the broker's check window (first check +
 * max checks × interval; minutes in a default broker): a row purged while its message is still in doubt would leave
 * the check-back without an answer (it then answers ROLLBACK via a new tombstone — wrong for a committed change).
 * A committed publish still waiting for its republish (never confirmed, message kept) is not purged at any age.
 */
public class TransactionStateRetention {

    private final ExpiredRows expired;

    /** @throws IllegalArgumentException if {@code retention} is under one hour */
    public TransactionStateRetention(TransactionStateRepository states, Duration retention, Clock clock) {
        this.expired = new ExpiredRows("tx_state", "txorders.publisher.retention", retention, Duration.ofHours(1),
                states::purgeCreatedBefore, clock);
    }

    @Scheduled(initialDelayString = "${txorders.publisher.purge-interval:1h}",
            fixedDelayString = "${txorders.publisher.purge-interval:1h}")
    void scheduledPurge() {
        expired.purgeOrLog();
    }

    /** Deletes every expired row; returns how many. */
    public int purgeNow() {
        return expired.purge();
    }
}
