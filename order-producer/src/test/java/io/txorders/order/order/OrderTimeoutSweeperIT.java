package io.txorders.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.txorders.messaging.contract.OrderCancelled;
import io.txorders.order.support.OrderEventsProbe;
import io.txorders.order.support.OrderProducerIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The sweeper times an order out by itself: the backstop of a lost timeout message, and the only timeout with
 * {@code order.timeout-message=false} (that the switch sends no message: {@code OrderServiceTest}). Real broker and
 * database, in the shared context of the timeout message; the deadline is moved into the past instead of waiting for
 * it.
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

        String status = jdbc.queryForObject("SELECT status FROM orders WHERE order_no = ?", String.class, orderNo);
        // Not left overdue: the scheduled sweep would cancel it during a later test class and publish OrderCancelled
        // where that test counts events.
        movePaymentDeadline(orderNo, Instant.now().plus(Duration.ofMinutes(15)));
        assertThat(status).isEqualTo("PENDING");
    }

    /** A new unpaid order whose deadline is moved to {@code overdue} ago. */
    private String placedAndOverdueBy(Duration overdue) {
        Response placed = post("/orders", orderJson(7101, "SWEEP-1", 1, "5.00"));
        assertThat(placed.status()).isEqualTo(201);
        String orderNo = placed.json().path("orderNo").asString();
        movePaymentDeadline(orderNo, Instant.now().minus(overdue));
        return orderNo;
    }
}
