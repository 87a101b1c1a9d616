package io.txorders.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.inventory.support.InventoryIntegrationTest;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.OrderCancelled;
import io.txorders.messaging.contract.OrderCreated;
import io.txorders.messaging.contract.OrderLine;
import io.txorders.messaging.contract.OrderPaid;
import io.txorders.messaging.contract.StockRejected;
import io.txorders.messaging.contract.StockReserved;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ReservationIT extends InventoryIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void theSameOrderCreatedDeliveredTwiceReservesOnce() {
        String sku = sku();
        stock(sku, 10);
        OrderCreated created = created(order(), line(sku, 3));
        double duplicatesBefore = count("duplicate");

        publish(created);
        publish(created);

        await().atMost(Duration.ofSeconds(30)).until(() -> count("duplicate") > duplicatesBefore);
        assertThat(reservationStatus(created.orderNo())).isEqualTo("RESERVED");
        assertThat(stockOf(sku)).containsExactly(7, 3, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> !inventoryEventsFor(created.orderNo()).isEmpty());
        assertThat(inventoryEventsFor(created.orderNo())).hasSize(1).first().isInstanceOf(StockReserved.class);
    }

    @Test
    void aCancelBeforeTheReserveLeavesNothingReserved() {
        String sku = sku();
        stock(sku, 5);
        String orderNo = order();

        publish(cancelled(orderNo));
        await().atMost(Duration.ofSeconds(30)).until(() -> "RELEASED".equals(reservationStatus(orderNo)));
        OrderCreated late = created(orderNo, line(sku, 2));
        publish(late);

        // The late Try was consumed (its inbox row exists) and refused.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM inbox WHERE consumer_group = 'inventory-consumer' AND event_id = ?",
                Integer.class, late.eventId().toString()) == 1);
        assertThat(reservationStatus(orderNo)).isEqualTo("RELEASED");
        assertThat(stockOf(sku)).containsExactly(5, 0, 0);
        assertThat(inventoryEventsFor(orderNo)).isEmpty();
    }

    @Test
    void aMultiSkuOrderWithOneSkuShortReservesNothing() {
        String plenty = sku();
        String scarce = sku();
        stock(plenty, 100);
        stock(scarce, 1);
        OrderCreated created = created(order(), line(plenty, 5), line(scarce, 2));

        publish(created);

        await().atMost(Duration.ofSeconds(30)).until(() -> "REJECTED".equals(reservationStatus(created.orderNo())));
        assertThat(stockOf(plenty)).containsExactly(100, 0, 0);
        assertThat(stockOf(scarce)).containsExactly(1, 0, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> !inventoryEventsFor(created.orderNo()).isEmpty());
        assertThat(inventoryEventsFor(created.orderNo()).get(0)).isInstanceOfSatisfying(StockRejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo("OUT_OF_STOCK"));
    }

    @Test
    void anUnknownSkuIsRejectedAsSuch() {
        OrderCreated created = created(order(), line("NO-SUCH-" + UUID.randomUUID(), 1));

        publish(created);

        await().atMost(Duration.ofSeconds(30)).until(() -> !inventoryEventsFor(created.orderNo()).isEmpty());
        assertThat(inventoryEventsFor(created.orderNo()).get(0)).isInstanceOfSatisfying(StockRejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo("UNKNOWN_SKU"));
    }

    @Test
    void paymentConfirmsAndCancellationReleases() {
        String sku = sku();
        stock(sku, 10);
        OrderCreated paidOrder = created(order(), line(sku, 2), line(sku, 1));
        OrderCreated cancelledOrder = created(order(), line(sku, 4));
        publish(paidOrder);
        publish(cancelledOrder);
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(reservationStatus(paidOrder.orderNo()))
                && "RESERVED".equals(reservationStatus(cancelledOrder.orderNo())));
        assertThat(stockOf(sku)).containsExactly(3, 7, 0);

        publish(new OrderPaid(EventIds.newId(), 1, Instant.now(), paidOrder.orderNo(), 1, paidOrder.items(),
                paidOrder.totalAmount()));
        publish(cancelled(cancelledOrder.orderNo()));

        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(reservationStatus(paidOrder.orderNo()))
                && "RELEASED".equals(reservationStatus(cancelledOrder.orderNo())));
        assertThat(stockOf(sku)).containsExactly(7, 0, 3);
    }

    @Test
    void anUnreadableBodyIsDeadLetteredAndLaterMessagesAreStillProcessed() {
        String sku = sku();
        stock(sku, 1);
        String messageKey = "garbage-" + UUID.randomUUID();

        publishRaw("OrderCreated", List.of(messageKey), "{not json".getBytes(StandardCharsets.UTF_8));
        OrderCreated good = created(order(), line(sku, 1));
        publish(good);

        await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(reservationStatus(good.orderNo())));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM dead_letter WHERE message_keys = ?", Integer.class, messageKey) == 1);
        assertThat(jdbc.queryForObject("SELECT reason FROM dead_letter WHERE message_keys = ?", String.class, messageKey))
                .startsWith("unreadable");
        assertThat(meters.find("txorders.dlq.messages").tag("group", "inventory-consumer").counter().count())
                .isGreaterThanOrEqualTo(1);
    }

    private double count(String outcome) {
        var counter = meters.find("txorders.consumer.messages").tag("group", "inventory-consumer")
                .tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String sku() {
        return "SKU-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String order() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase();
    }

    private static OrderLine line(String sku, int quantity) {
        return new OrderLine(sku, quantity, BigDecimal.TEN);
    }

    private static OrderCreated created(String orderNo, OrderLine... lines) {
        BigDecimal total = List.of(lines).stream().map(l -> l.unitPrice().multiply(BigDecimal.valueOf(l.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new OrderCreated(EventIds.newId(), 1, Instant.now(), orderNo, 1, List.of(lines), total,
                Instant.now().plusSeconds(900));
    }

    private static OrderCancelled cancelled(String orderNo) {
        return new OrderCancelled(EventIds.newId(), 1, Instant.now(), orderNo, 1, "USER");
    }
}
