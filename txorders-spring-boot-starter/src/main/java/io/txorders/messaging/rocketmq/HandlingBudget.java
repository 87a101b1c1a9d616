package io.txorders.messaging.rocketmq;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long one received batch may be worked on before the messages not handled yet are left for their back-off. The
 * broker makes a received batch visible again after {@link BatchReceivers}' invisible duration (30 s); a message it
 * hands to another receiver meanwhile uses up one of its delivery attempts for nothing, and a batch that slow means an
 * outage (each message waiting out the database's connection timeout with its retries): within minutes every message
 * of the batch would reach the dead letters. Given back instead, each comes back after its back-off for its attempt.
 * The handlers give messages back only when the last one they handled failed: a batch that is slow but succeeding
 * goes on (its late messages may be redelivered meanwhile, duplicates the inbox drops), since a message given back
 * uses up an attempt without being tried.
 */
final class HandlingBudget {

    /** The invisible duration less a margin for the acks and back-offs that follow. */
    static final Duration LIMIT = Duration.ofSeconds(20);

    private static final Logger log = LoggerFactory.getLogger(HandlingBudget.class);

    private final String what;
    private final LongSupplier nanoTime;
    private final long deadline;
    private boolean reported;

    private HandlingBudget(String what, LongSupplier nanoTime) {
        this.what = what;
        this.nanoTime = nanoTime;
        this.deadline = nanoTime.getAsLong() + LIMIT.toNanos();
    }

    /** A budget starting now; {@code what} names the batch's handler in the log line. */
    static HandlingBudget start(String what, LongSupplier nanoTime) {
        return new HandlingBudget(what, nanoTime);
    }

    /**
     * Whether the next message of a batch is given back unhandled: the last one handled failed and the budget is
     * spent. The first time it is, logs how many are given back.
     *
     * @param done the outcomes so far, one per message before the next
     */
    boolean givesBackNext(List<Boolean> done, int batchSize) {
        boolean lastFailed = !done.isEmpty() && !done.get(done.size() - 1);
        if (!lastFailed || nanoTime.getAsLong() - deadline < 0) {
            return false;
        }
        int unhandled = batchSize - done.size();
        if (!reported) {
            reported = true;
            log.warn("batch handling passed {} ({}): {} message(s) given back unhandled, to come after their back-off; "
                    + "is the database slow or away?", LIMIT, what, unhandled);
        }
        return true;
    }
}
