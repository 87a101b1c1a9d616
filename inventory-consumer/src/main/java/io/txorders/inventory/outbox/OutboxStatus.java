package io.txorders.inventory.outbox;

/** Where an outbox row is. */
public enum OutboxStatus {
    /** Waiting to be published (possibly after a back-off). */
    PENDING,
    /** Published; purged after the retention. */
    SENT,
    /** Gave up after the maximum attempts; needs a human (counted and logged). */
    DEAD
}
