package io.txorders.messaging.publish;

/**
 * The local change of a transactional publish ran, but the database's answer to its commit was lost and
 * {@code tx_state} could not be read either: the change may or may not have been made. Neither commit nor rollback was
 * sent; the broker's check-back settles the message later. A client should look before it retries (or retry with
 * the same idempotency key), not assume that nothing was changed.
 */
public class CommitOutcomeUnknownException extends RuntimeException {

    public CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
