package io.txorders.order.webhook;

/** A subscription request that cannot be accepted; names the field. */
public class InvalidSubscriptionException extends RuntimeException {

    private final String field;

    public InvalidSubscriptionException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
