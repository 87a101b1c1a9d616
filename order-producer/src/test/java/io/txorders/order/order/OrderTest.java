package io.txorders.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    static Order aPendingOrder() {
        PlaceOrder command = new PlaceOrder(1, List.of(new OrderItem("SKU-1", 2, new BigDecimal("19.90"))), Optional.empty());
        return Order.place("O1", command, NOW, NOW.plusSeconds(900));
    }

    @Test
    void aPlacedOrderIsPendingWithItsTotal() {
        Order order = aPendingOrder();

        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.totalAmount()).isEqualByComparingTo("39.80");
        assertThat(order.version()).isZero();
    }

    @Test
    void reservingMovesPendingToReservedOnce() {
        Order order = aPendingOrder();

        assertThat(order.markReserved()).isTrue();
        assertThat(order.markReserved()).isFalse();
        assertThat(order.status()).isEqualTo(OrderStatus.RESERVED);
    }

    @Test
    void aLateReservationNeverMovesACancelledOrderBack() {
        Order order = aPendingOrder();
        order.cancel(CancelReason.OUT_OF_STOCK);

        assertThat(order.markReserved()).isFalse();
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void onlyAReservedOrderCanBePaid() {
        Order pending = aPendingOrder();
        assertThatThrownBy(() -> pending.pay(NOW)).isInstanceOf(IllegalOrderTransitionException.class);

        Order reserved = aPendingOrder();
        reserved.markReserved();
        reserved.pay(NOW);
        assertThat(reserved.status()).isEqualTo(OrderStatus.PAID);
        assertThatThrownBy(() -> reserved.pay(NOW)).isInstanceOf(IllegalOrderTransitionException.class);
    }

    @Test
    void aPaymentAtOrAfterTheDeadlineIsRefusedWithTheReason() {
        Order late = aPendingOrder();
        late.markReserved();
        Order inTime = aPendingOrder();
        inTime.markReserved();

        // Even when the timeout message is late (clock skew, a backlog): the deadline decides, not the message.
        assertThatThrownBy(() -> late.pay(NOW.plusSeconds(900)))
                .isInstanceOf(IllegalOrderTransitionException.class).hasMessageContaining("payment deadline");
        assertThat(late.status()).isEqualTo(OrderStatus.RESERVED);
        inTime.pay(NOW.plusSeconds(899));
        assertThat(inTime.status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void cancellingAPaidOrderIsRefused() {
        Order order = aPendingOrder();
        order.markReserved();
        order.pay(NOW);

        assertThatThrownBy(() -> order.cancel(CancelReason.USER))
                .isInstanceOf(IllegalOrderTransitionException.class)
                .hasMessageContaining("PAID");
    }

    @Test
    void cancellingRecordsTheReasonAndCannotHappenTwice() {
        Order order = aPendingOrder();
        order.markReserved();

        order.cancel(CancelReason.TIMEOUT);

        assertThat(order.cancelReason()).contains(CancelReason.TIMEOUT);
        assertThatThrownBy(() -> order.cancel(CancelReason.USER)).isInstanceOf(IllegalOrderTransitionException.class);
    }
}
