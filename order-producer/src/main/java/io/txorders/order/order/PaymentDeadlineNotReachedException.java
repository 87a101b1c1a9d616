package io.txorders.order.order;

import java.time.Instant;

/**
 * A timeout arrived before the order's payment deadline by this instance's clock (a delayed message delivered a
 * little early, or clocks that disagree). Not a refusal: nothing changed, and the timeout is to be tried again later.
 */
public class PaymentDeadlineNotReachedException extends RuntimeException {

    public PaymentDeadlineNotReachedException(String orderNo, Instant deadline, Instant now) {
        super("order " + orderNo + " is due at " + deadline + ", it is " + now);
    }
}
