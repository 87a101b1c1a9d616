package io.txorders.order.messaging;

/**
 * Faults the transactional publish can simulate, for the check-back simulation scripts and tests
 * ({@code order.fault.mode}). Never active unless set explicitly.
 */
public enum FaultMode {
    /** Normal operation. */
    NONE,
    /** Commit locally, then send neither commit nor rollback: the check-back must answer COMMIT. */
    SKIP_END_AFTER_COMMIT,
    /** Fail the local transaction, then send neither commit nor rollback: the check-back must answer ROLLBACK. */
    SKIP_END_AFTER_ROLLBACK,
    /** Send the half message and never run the local transaction (a crash right after the send). */
    HALT_BEFORE_LOCAL_TX,
    /**
     * Commit locally, send neither commit nor rollback, and answer every check-back UNKNOWN as if {@code tx_state}
     * could not be read: the broker gives up on the message after {@code transactionCheckMax} checks and discards it.
     * Switching back to NONE is the database answering again; recovery then republishes the event.
     */
    SKIP_END_AND_ANSWER_UNKNOWN,
    /** Hold the local transaction open for {@code order.fault.slow-local-tx} (default 10 s) before it commits. */
    SLOW_LOCAL_TX
}
