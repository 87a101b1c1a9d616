package io.txorders.messaging.publish;

/** What {@code tx_state} says about one transactional publish. */
public enum TransactionState {
    /** Written inside the local transaction: it committed, so the message must be delivered. */
    COMMITTED,
    /**
     * The check-back's tombstone: the local transaction had not committed when the broker asked and now never
     * can (its own insert of the same key fails), so the message must be discarded.
     */
    ROLLED_BACK
}
