package io.txorders.order.order;

/** No order has this number. */
public class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(String orderNo) {
        super("no order " + orderNo);
    }
}
