package io.txorders.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.txorders.messaging.contract.OrderCancelled;
import io.txorders.order.support.OrderEventsProbe;
import io.txorders.order.support.OrderProducerIntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The sweeper times an order out by itself: the backstop of a lost timeout message, and the only timeout with
 * {@code order.timeout-message=false}. Real broker and database; the deadline is moved into the past instead of
 * waiting for it.
 */
class OrderTimeoutSweeperIT extends OrderProducerIntegrationTest {

    private final OrderEventsProbe probe = OrderEventsProbe.get();

    @Autowired
    private OrderTimeoutSweeper sweeper;

    @Test
    void anUnpaidOrderPastItsDeadlineAndTheGraceIsCancelledWithReasonTimeoutAndOrderCancelledIsPublished() {
        // Past the deadline by more than the sweeper's grace (30 s): only the sweeper can have cancelled it, since
        // the timeout message is due 15 minutes from now.
        String orderNo = placedAndOverdueBy(Duration.ofMinutes(2));

        sweeper.sweep();

        assertThat(jdbc.queryForMap("SELECT status, cancel_reason FROM orders WHERE order_no = ?", orderNo))
                .containsEntry("status", "CANCELLED").containsEntry("cancel_reason", "TIMEOUT");
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.deliveriesFor(orderNo).stream()
                .anyMatch(event -> event instanceof OrderCancelled cancelled && "TIMEOUT".equals(cancelled.reason())));
    }

    @Test
    void anOrderWithinTheGraceIsLeftToItsTimeoutMessage() {
        String orderNo = placedAndOverdueBy(Duration.ofSeconds(5));

        sweeper.sweep();

        assertThat(jdbc.queryForObject("SELECT status FROM orders WHERE order_no = ?", String.class, orderNo))
                .isEqualTo("PENDING");
    }

    /** A new unpaid order whose deadline is moved to {@code overdue} ago. */
    private String placedAndOverdueBy(Duration overdue) {
        String orderNo = post("/orders", orderJson(7101, "SWEEP-1", 1, "5.00")).json().path("orderNo").asString();
        jdbc.update("UPDATE orders SET payment_deadline = ? WHERE order_no = ?",
                Timestamp.from(Instant.now().minus(overdue)), orderNo);
        return orderNo;
    }
}
