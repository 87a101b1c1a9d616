package io.txorders.order.txstate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Purges {@code tx_state} rows older than {@code order.tx-state.retention} (default 7 days), in batches.
 * Keep the retention far above the broker's check window (first check + max checks × interval; minutes in a
 * default broker): a row purged while its message is still in doubt would leave the check-back without an
 * answer (it then answers ROLLBACK via a new tombstone — wrong for a committed order).
 */
@Component
class TransactionStateRetention {

    private static final Logger log = LoggerFactory.getLogger(TransactionStateRetention.class);
    private static final int BATCH = 1_000;

    private final TransactionStateRepository states;
    private final Settings settings;
    private final Clock clock;

    /**
     * @param retention age after which rows are deleted; at least one hour
     * @param purgeInterval how often to purge
     */
    @ConfigurationProperties("order.tx-state")
    record Settings(@DefaultValue("7d") Duration retention, @DefaultValue("1h") Duration purgeInterval) {
        Settings {
            if (retention.compareTo(Duration.ofHours(1)) < 0) {
                throw new IllegalArgumentException("order.tx-state.retention must be at least 1h (the broker may "
                        + "still check back on young rows), got " + retention);
            }
        }
    }

    TransactionStateRetention(TransactionStateRepository states, Settings settings, Clock clock) {
        this.states = states;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${order.tx-state.purge-interval:1h}", fixedDelayString = "${order.tx-state.purge-interval:1h}")
    void purge() {
        purgeNow();
    }

    /** Deletes every expired row; returns how many. */
    int purgeNow() {
        Instant cutoff = clock.instant().minus(settings.retention());
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
