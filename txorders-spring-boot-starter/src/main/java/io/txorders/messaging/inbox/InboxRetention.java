package io.txorders.messaging.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Purges inbox rows older than the retention (default 7 days; {@code txorders.inbox.retention}), in batches,
 * every {@code txorders.inbox.purge-interval} (default 1 h). Keep the retention longer than any replay window:
 * an event re-consumed after its inbox row was purged would be applied again.
 */
public class InboxRetention {

    private static final Logger log = LoggerFactory.getLogger(InboxRetention.class);
    private static final int BATCH = 1_000;

    private final InboxGuard inbox;
    private final Duration retention;
    private final Clock clock;

    public InboxRetention(InboxGuard inbox, Duration retention, Clock clock) {
        if (retention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("txorders.inbox.retention must be at least 1h, got " + retention);
        }
        this.inbox = inbox;
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${txorders.inbox.purge-interval:1h}", fixedDelayString = "${txorders.inbox.purge-interval:1h}")
    public void scheduledPurge() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("inbox purge failed, retrying next round: {}", e.toString());
        }
    }

    /** Deletes every expired row; returns how many. */
    public int purge() {
        Instant cutoff = clock.instant().minus(retention);
        int total = 0;
        int deleted;
        do {
            deleted = inbox.purgeReceivedBefore(cutoff, BATCH);
            total += deleted;
        } while (deleted == BATCH);
        if (total > 0) {
            log.info("inbox purged rows={} receivedBefore={}", total, cutoff);
        }
        return total;
    }
}
