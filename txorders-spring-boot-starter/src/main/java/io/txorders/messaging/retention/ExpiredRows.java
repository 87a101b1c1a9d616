package io.txorders.messaging.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of one of the starter's tables that are older than its retention, deleted a batch at a time so that no
 * single DELETE holds its locks for long or fills the undo log. Used by the inbox, {@code tx_state} and outbox
 * retentions, each on its own schedule.
 */
public final class ExpiredRows {

    /** Deletes at most {@code limit} expired rows; returns how many it deleted. */
    @FunctionalInterface
    public interface BatchDelete {
        int deleteBefore(Instant cutoff, int limit);
    }

    private static final Logger log = LoggerFactory.getLogger(ExpiredRows.class);
    static final int BATCH = 1_000;

    private final String table;
    private final Duration retention;
    private final BatchDelete delete;
    private final Clock clock;

    /**
     * @param table what the log line names, e.g. {@code inbox}
     * @param minimum the shortest retention that is safe for this table
     * @throws IllegalArgumentException if {@code retention} is shorter than {@code minimum}, naming {@code setting}
     */
    public ExpiredRows(String table, String setting, Duration retention, Duration minimum, BatchDelete delete,
                       Clock clock) {
        if (retention.compareTo(minimum) < 0) {
            throw new IllegalArgumentException(setting + " must be at least " + minimum.toHours() + "h, got "
                    + retention);
        }
        this.table = table;
        this.retention = retention;
        this.delete = delete;
        this.clock = clock;
    }

    /** Deletes every row older than the retention now; returns how many. */
    public int purge() {
        Instant cutoff = clock.instant().minus(retention);
        int total = 0;
        int deleted;
        do {
            deleted = delete.deleteBefore(cutoff, BATCH);
            total += deleted;
        } while (deleted == BATCH);
        if (total > 0) {
            log.info("{} purged rows={} olderThan={}", table, total, cutoff);
        }
        return total;
    }

    /** {@link #purge()} for a scheduler: a failure is logged and the next round tries again. */
    public void purgeOrLog() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("{} purge failed, retrying next round: {}", table, e.toString());
        }
    }
}
