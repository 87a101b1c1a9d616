package io.txorders.messaging.inbox;

import io.txorders.messaging.retention.ExpiredRows;
import java.time.Clock;
import java.time.Duration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Purges inbox rows older than the retention (default 7 days; {@code txorders.inbox.retention}), in batches,
 * every {@code txorders.inbox.purge-interval} (default 1 h). Keep the retention longer than any replay window:
 * an event re-consumed after its inbox row was purged would be applied again.
 */
public class InboxRetention {

    private final ExpiredRows expired;

    /** @throws IllegalArgumentException if {@code retention} is under one hour */
    public InboxRetention(InboxGuard inbox, Duration retention, Clock clock) {
        this.expired = new ExpiredRows("inbox", "txorders.inbox.retention", retention, Duration.ofHours(1),
                inbox::purgeReceivedBefore, clock);
    }

    @Scheduled(initialDelayString = "${txorders.inbox.purge-interval:1h}",
            fixedDelayString = "${txorders.inbox.purge-interval:1h}")
    public void scheduledPurge() {
        expired.purgeOrLog();
    }

    /** Deletes every expired row; returns how many. */
    public int purge() {
        return expired.purge();
    }
}
