package io.txorders.order.order;

import java.time.Instant;

/**
 * Schedules an order's payment deadline as a delayed message. RocketMQ cannot delay a transactional message,
 * so this is a separate send after the local commit and may be lost (a crash in between, a broker error):
 * {@link OrderTimeoutSweeper} is the backstop.
 */
public interface OrderTimeouts {

    /** Best effort: failures are logged, never thrown. */
    void schedule(String orderNo, Instant deadline);
}
