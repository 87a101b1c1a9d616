package io.txorders.messaging.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator does with the outbox ({@code /admin/outbox}, {@code scripts/outbox.sh}): list rows, and put DEAD
 * rows back to PENDING once whatever made the broker reject them is fixed. A requeued row goes out through the
 * normal relay, so it is published at least once like any other and the receiver's inbox drops a duplicate.
 */
public class OutboxOperations {

    private static final Logger log = LoggerFactory.getLogger(OutboxOperations.class);

    private final OutboxRepository rows;
    private final MeterRegistry meters;
    private final Clock clock;

    public OutboxOperations(OutboxRepository rows, MeterRegistry meters, Clock clock) {
        this.rows = rows;
        this.meters = meters;
        this.clock = clock;
    }

    /** What a requeue of one row did. */
    public enum Requeue {
        /** The row is PENDING again, attempts 0, due now. */
        REQUEUED,
        /** No row has that id. */
        NOT_FOUND,
        /** The row is PENDING or SENT: only a DEAD row is requeued, so nothing is sent twice by an operator. */
        NOT_DEAD
    }

    /** Up to {@code limit} rows, lowest id first (the relay's order); every status when {@code status} is null. */
    public List<OutboxRow> list(OutboxStatus status, int limit) {
        return rows.list(status, limit);
    }

    /** Requeues DEAD row {@code id}; see {@link Requeue} for the outcomes. */
    public Requeue requeue(long id) {
        if (rows.requeueDead(id, clock.instant())) {
            meters.counter("txorders.outbox.requeued").increment();
            log.info("outbox row requeued by an operator id={}", id);
            return Requeue.REQUEUED;
        }
        return rows.statusOf(id).isPresent() ? Requeue.NOT_DEAD : Requeue.NOT_FOUND;
    }

    /** Requeues every DEAD row; returns how many. */
    public int requeueAllDead() {
        int requeued = rows.requeueAllDead(clock.instant());
        if (requeued > 0) {
            meters.counter("txorders.outbox.requeued").increment(requeued);
        }
        log.info("outbox DEAD rows requeued by an operator count={}", requeued);
        return requeued;
    }
}
