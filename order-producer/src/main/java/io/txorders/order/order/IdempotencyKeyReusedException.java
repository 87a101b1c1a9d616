package io.txorders.order.order;

/** An {@code Idempotency-Key} already used by this user for a different request. */
public class IdempotencyKeyReusedException extends RuntimeException {

    private final String orderNo;

    public IdempotencyKeyReusedException(String orderNo) {
        super("Idempotency-Key was already used for a different request (order " + orderNo + ")");
        this.orderNo = orderNo;
    }

    public String orderNo() {
        return orderNo;
    }
}
