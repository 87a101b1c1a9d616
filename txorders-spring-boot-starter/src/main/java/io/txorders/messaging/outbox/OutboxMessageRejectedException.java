package io.txorders.messaging.outbox;

/**
 * The broker refused the message itself (malformed, too large, a request it does not support): sending the same
 * row again cannot succeed, so the relay gives it up as DEAD after {@code txorders.outbox.max-attempts}. Thrown by
 * an {@link OutboxMessageSender}; any other failure of a send means "not delivered for now" and is retried for as
 * long as it takes.
 */
public class OutboxMessageRejectedException extends RuntimeException {

    public OutboxMessageRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
