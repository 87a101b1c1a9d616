package io.txorders.order.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.order.order.CancelReason;
import io.txorders.order.order.Order;
import io.txorders.order.order.OrderItem;
import io.txorders.order.order.OrderRepository;
import io.txorders.order.order.OrderStatus;
import io.txorders.order.order.PlaceOrder;
import io.txorders.order.support.OrderProducerIntegrationTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The MyBatis order repository against the real database: the conditional transition and the optimistic lock. */
class OrderRepositoryIT extends OrderProducerIntegrationTest {

    @Autowired
    OrderRepository orders;

    @Test
    void aTransitionChangesAPendingOrderOnceAndMovesItsVersionSoAConcurrentChangeIsDecidedAgain() {
        Order readBefore = stored();

        assertThat(orders.apply(readBefore.orderNo(), Order.RESERVATION)).isTrue();
        assertThat(orders.apply(readBefore.orderNo(), Order.RESERVATION)).isFalse();

        // A cancellation decided on the copy read before the reservation must not overwrite it.
        readBefore.cancel(CancelReason.USER);
        assertThat(orders.update(readBefore)).isFalse();
        Order now = orders.findByOrderNo(readBefore.orderNo()).orElseThrow();
        assertThat(now.status()).isEqualTo(OrderStatus.RESERVED);
        assertThat(now.version()).isEqualTo(1);
        assertThat(now.items()).hasSize(1);
        assertThat(orders.findStatus(readBefore.orderNo())).contains(OrderStatus.RESERVED);
    }

    @Test
    void aTransitionNeverMovesAnOrderInAnotherStatus() {
        Order order = stored();
        order.cancel(CancelReason.OUT_OF_STOCK);
        assertThat(orders.update(order)).isTrue();

        assertThat(orders.apply(order.orderNo(), Order.RESERVATION)).isFalse();

        assertThat(orders.findStatus(order.orderNo())).contains(OrderStatus.CANCELLED);
        assertThat(orders.findByOrderNo(order.orderNo()).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void aTransitionOfAnUnknownOrderChangesNothing() {
        assertThat(orders.apply("NO-SUCH-ORDER", Order.RESERVATION)).isFalse();
        assertThat(orders.findStatus("NO-SUCH-ORDER")).isEmpty();
    }

    private Order stored() {
        Instant now = Instant.now();
        PlaceOrder command = new PlaceOrder(7, List.of(new OrderItem("SKU-REPO", 2, new BigDecimal("3.50"))),
                Optional.empty());
        Order order = Order.place("REPO-" + UUID.randomUUID().toString().substring(0, 18), command, now,
                now.plusSeconds(900));
        orders.insert(order);
        return orders.findByOrderNo(order.orderNo()).orElseThrow();
    }
}
