package io.txorders.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.txorders.messaging.publish.TransactionalEventPublisher;
import io.txorders.messaging.publish.EventPublishingUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

class OrderServiceTest {

    private final OrderRepository orders = mock(OrderRepository.class);
    private final TransactionalEventPublisher publisher = mock(TransactionalEventPublisher.class);
    private final OrderTimeouts timeouts = mock(OrderTimeouts.class);
    private final OrderService service = service(true);
    private final PlaceOrder command = new PlaceOrder(1, List.of(new OrderItem("SKU-1", 1, BigDecimal.TEN)),
            Optional.empty());

    @Test
    void placingPublishesOrderCreatedAndSchedulesTheTimeout() {
        publisherRunsTheLocalTransaction();

        Placement placement = service.place(command);

        assertThat(placement.created()).isTrue();
        assertThat(placement.order().status()).isEqualTo(OrderStatus.PENDING);
        verify(orders).insert(placement.order());
        verify(timeouts).schedule(placement.order().orderNo(), placement.order().paymentDeadline());
    }

    @Test
    void withTheTimeoutMessageOffPlacingSendsNoTimeoutAndLeavesTheDeadlineToTheSweeper() {
        publisherRunsTheLocalTransaction();

        Placement placement = service(false).place(command);

        assertThat(placement.created()).isTrue();
        verify(orders).insert(placement.order());
        verify(timeouts, never()).schedule(anyString(), any());
    }

    @Test
    void aUserCancellationThatRacesTheReservationIsDecidedAgainNotRefused() {
        Order pending = Order.place("01RACE", command, java.time.Instant.now(),
                java.time.Instant.now().plusSeconds(900));
        Order reserved = Order.place("01RACE", command, java.time.Instant.now(),
                java.time.Instant.now().plusSeconds(900));
        reserved.markReserved();
        when(orders.findByOrderNo("01RACE")).thenReturn(Optional.of(pending), Optional.of(reserved));
        publisherRunsTheLocalTransaction();
        // The version moved under the first attempt: inventory's reservation was stored meanwhile.
        when(orders.update(any())).thenReturn(false, true);

        assertThat(service.cancel("01RACE", CancelReason.USER, null)).isTrue();
        assertThat(reserved.status()).isEqualTo(OrderStatus.CANCELLED);
        verify(orders, org.mockito.Mockito.times(2)).update(any());
    }

    @Test
    void aReservationIsOneConditionalWriteThatReadsNeitherTheOrderNorItsItems() {
        when(orders.apply("01RES", Order.RESERVATION)).thenReturn(true, false);
        when(orders.findStatus("01RES")).thenReturn(Optional.of(OrderStatus.RESERVED));

        assertThat(service.markReserved("01RES")).isTrue();
        assertThat(service.markReserved("01RES")).as("a repeated event").isFalse();
        assertThat(service.markReserved("NO-SUCH")).as("an unknown order").isFalse();

        verify(orders, never()).findByOrderNo(anyString());
        verify(orders, never()).update(any());
    }

    @Test
    void aDuplicateKeyThatIsNotTheIdempotencyKeyIsAServiceUnavailableNotABug() {
        when(publisher.publish(any(), any())).thenThrow(new DuplicateKeyException("uk_orders_order_no"));

        assertThatThrownBy(() -> service.place(command)).isInstanceOf(EventPublishingUnavailableException.class);
        verify(timeouts, never()).schedule(anyString(), any());
        verify(orders, never()).findByIdempotencyKey(anyLong(), anyString());
    }

    @Test
    void aPaymentWhoseMessageTookItPastTheDeadlineIsRefusedAndNotWritten() {
        Instant start = Instant.parse("2026-12-03T08:00:00Z");
        AtomicReference<Instant> now = new AtomicReference<>(start);
        Clock clock = mock(Clock.class);
        when(clock.instant()).thenAnswer(call -> now.get());
        Order reserved = Order.place("01LATE", command, start.minusSeconds(890), start.plusSeconds(10));
        reserved.markReserved();
        when(orders.findByOrderNo("01LATE")).thenReturn(Optional.of(reserved));
        // Payable when asked; the half message then takes 15 s (three attempts at the client's 5 s timeout).
        when(publisher.publish(any(), any())).thenAnswer(call -> {
            now.set(start.plusSeconds(15));
            return ((java.util.function.Supplier<?>) call.getArgument(1)).get();
        });
        OrderService late = new OrderService(orders, publisher, timeouts,
                new OrderProperties(Duration.ofMinutes(15), true), clock, new SimpleMeterRegistry());

        assertThatThrownBy(() -> late.pay("01LATE")).isInstanceOf(IllegalOrderTransitionException.class)
                .hasMessageContaining("payment deadline");
        verify(orders, never()).update(any());
    }

    private OrderService service(boolean timeoutMessage) {
        return new OrderService(orders, publisher, timeouts, new OrderProperties(Duration.ofMinutes(15), timeoutMessage),
                Clock.systemUTC(), new SimpleMeterRegistry());
    }

    /** The mocked publisher runs the local transaction it is given, as the real one does between half and commit. */
    private void publisherRunsTheLocalTransaction() {
        when(publisher.publish(any(), any()))
                .thenAnswer(call -> ((java.util.function.Supplier<?>) call.getArgument(1)).get());
    }
}
