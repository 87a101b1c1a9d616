package io.txorders.messaging.outbox;

/** Where an outbox row is. */
public enum OutboxStatus {
    /** Waiting to be published (possibly after a back-off). */
    PENDING,
    /** Published; purged after the retention. */
    SENT,
    /**
     * The broker rejected the message itself, up to the maximum attempts; needs a human (counted, logged, listed
     * by {@code GET /admin/outbox?status=DEAD}, back to PENDING with a requeue). Never because the broker was
     * unreachable.
     */
    DEAD
}
