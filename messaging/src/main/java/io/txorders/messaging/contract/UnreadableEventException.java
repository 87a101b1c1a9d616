package io.txorders.messaging.contract;

/**
 * A message body that is not a valid event of the expected type. Retrying cannot help: consumers route such
 * messages to the dead-letter path instead of redelivering them forever.
 */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnreadableEventException(String message) {
        super(message);
    }
}
