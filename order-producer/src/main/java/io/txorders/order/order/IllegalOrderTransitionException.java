package io.txorders.order.order;

/** A state change the order's life cycle does not allow, such as paying a cancelled order. */
public class IllegalOrderTransitionException extends RuntimeException {

    private final String orderNo;
    private final OrderStatus status;

    public IllegalOrderTransitionException(String orderNo, OrderStatus status, String action) {
        super("cannot " + action + " order " + orderNo + " in status " + status);
        this.orderNo = orderNo;
        this.status = status;
    }

    public String orderNo() {
        return orderNo;
    }

    public OrderStatus status() {
        return status;
    }
}
