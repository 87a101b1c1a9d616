package io.txorders.inventory.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.txorders.inventory.support.InventoryIntegrationTest;
import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.OrderCancelled;
import io.txorders.messaging.contract.OrderCreated;
import io.txorders.messaging.contract.OrderLine;
import io.txorders.messaging.inbox.InboundMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The batched path (the default {@code inventory.consumer.mode=batch}) against the real database: one batch
 * gives the same ledger, stock, inbox and outbox as the one-by-one path, and a batch that fails falls back to
 * one message at a time without losing the others. The last test goes through the broker.
 */
class BatchedReservationIT extends InventoryIntegrationTest {

    private static final EventCodec codec = new EventCodec();

    @Autowired
    OrderEventsListener listener;

    @Test
    void aBatchOnAHotSkuReservesInArrivalOrderOnceEachAndNeverOversells() {
        String sku = "HOT-" + UUID.randomUUID().toString().substring(0, 8);
        stock(sku, 25);
        List<OrderCreated> orders = IntStream.range(0, 40).mapToObj(i -> created(sku, 1)).toList();
        // One order was cancelled before its Try arrived: its release marker must refuse the Try.
        String cancelledFirst = orders.get(3).orderNo();
        listener.handle(inbound(new OrderCancelled(EventIds.newId(), 1, Instant.now(), cancelledFirst, 1, "USER")));
        List<InboundMessage> batch = new ArrayList<>(orders.stream().map(BatchedReservationIT::inbound).toList());
        batch.add(inbound(orders.get(0))); // the same event twice in one batch

        List<Boolean> acks = listener.handleBatch(batch);

        assertThat(acks).hasSize(41).containsOnly(true);
        assertThat(stockOf(sku)).containsExactly(0, 25, 0);
        // Arrival order: the first 25 orders that could be served got the stock (order 3 was refused).
        List<String> reserved = orders.stream().filter(o -> "RESERVED".equals(reservationStatus(o.orderNo())))
                .map(OrderCreated::orderNo).toList();
        assertThat(reserved).hasSize(25).doesNotContain(cancelledFirst)
                .containsExactlyElementsOf(orders.stream().map(OrderCreated::orderNo)
                        .filter(no -> !no.equals(cancelledFirst)).limit(25).toList());
        assertThat(reservationStatus(cancelledFirst)).isEqualTo("RELEASED");
        assertThat(orders.stream().skip(26).map(o -> reservationStatus(o.orderNo()))).containsOnly("REJECTED");
        for (OrderCreated order : orders) {
            assertThat(countOf("SELECT COUNT(*) FROM inbox WHERE consumer_group = 'inventory-consumer' AND event_id = ?",
                    order.eventId().toString())).as("inbox row of %s", order.orderNo()).isEqualTo(1);
            assertThat(countOf("SELECT COUNT(*) FROM outbox WHERE order_no = ?", order.orderNo()))
                    .as("answers to %s", order.orderNo()).isEqualTo(order.orderNo().equals(cancelledFirst) ? 0 : 1);
        }
        assertThat(countOf("SELECT COALESCE(SUM(quantity), 0) FROM reservation_line l JOIN reservation r "
                + "ON r.order_no = l.order_no WHERE l.sku = ? AND r.status = 'RESERVED'", sku)).isEqualTo(25);
    }

    @Test
    void aFailingMessageMakesItsBatchFallBackToOneByOneAndOnlyItFails() {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        stock(sku, 10);
        OrderCreated good1 = created(sku, 2);
        OrderCreated good2 = created(sku, 3);
        // An order number longer than the column: the ledger insert fails for this one, whatever the path.
        OrderCreated poisoned = new OrderCreated(EventIds.newId(), 1, Instant.now(), "X".repeat(40), 1,
                List.of(new OrderLine(sku, 1, BigDecimal.TEN)), BigDecimal.TEN, Instant.now().plusSeconds(900));

        List<Boolean> acks = listener.handleBatch(List.of(inbound(good1), inbound(poisoned), inbound(good2)));

        assertThat(acks).containsExactly(true, false, true);
        assertThat(reservationStatus(good1.orderNo())).isEqualTo("RESERVED");
        assertThat(reservationStatus(good2.orderNo())).isEqualTo("RESERVED");
        assertThat(stockOf(sku)).containsExactly(5, 5, 0);
        assertThat(countOf("SELECT COUNT(*) FROM inbox WHERE consumer_group = 'inventory-consumer' AND event_id = ?",
                poisoned.eventId().toString())).isZero();
    }

    /**
     * A batch redelivered in part (the broker redelivers what was not acknowledged): the events already recorded are
     * duplicates and change nothing, the new ones are reserved, and each order has one ledger entry and one answer,
     * written in arrival order (the relay sends answers in id order).
     */
    @Test
    void aPartlyRedeliveredBatchAppliesOnlyTheNewEventsAndAnswersInArrivalOrder() {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        stock(sku, 10);
        List<OrderCreated> first = IntStream.range(0, 3).mapToObj(i -> created(sku, 1)).toList();
        List<OrderCreated> later = IntStream.range(0, 2).mapToObj(i -> created(sku, 1)).toList();
        assertThat(listener.handleBatch(first.stream().map(BatchedReservationIT::inbound).toList())).containsOnly(true);

        List<OrderCreated> redelivered = List.of(later.get(0), first.get(1), first.get(0), later.get(1));
        assertThat(listener.handleBatch(redelivered.stream().map(BatchedReservationIT::inbound).toList()))
                .containsExactly(true, true, true, true);

        assertThat(stockOf(sku)).containsExactly(5, 5, 0);
        for (OrderCreated order : redelivered) {
            assertThat(countOf("SELECT COUNT(*) FROM inbox WHERE consumer_group = 'inventory-consumer' AND event_id = ?",
                    order.eventId().toString())).as("inbox row of %s", order.orderNo()).isEqualTo(1);
            assertThat(countOf("SELECT COUNT(*) FROM reservation_line WHERE order_no = ?", order.orderNo()))
                    .as("ledger lines of %s", order.orderNo()).isEqualTo(1);
        }
        List<String> answered = jdbc.queryForList("SELECT order_no FROM outbox WHERE order_no IN (?, ?, ?, ?, ?) "
                + "ORDER BY id", String.class, first.get(0).orderNo(), first.get(1).orderNo(), first.get(2).orderNo(),
                later.get(0).orderNo(), later.get(1).orderNo());
        assertThat(answered).containsExactly(first.get(0).orderNo(), first.get(1).orderNo(), first.get(2).orderNo(),
                later.get(0).orderNo(), later.get(1).orderNo());
    }

    @Test
    void aCaseVariantOfAStockedSkuIsAnUnknownSkuOnTheOneByOneAndTheBatchedPathAlike() {
        String sku = "Case-" + UUID.randomUUID().toString().substring(0, 8);
        stock(sku.toUpperCase(), 10);
        OrderCreated oneByOne = created(sku, 1);
        OrderCreated batched = created(sku, 1);

        assertThat(listener.handle(inbound(oneByOne))).isTrue();
        assertThat(listener.handleBatch(List.of(inbound(batched)))).containsExactly(true);

        for (OrderCreated order : List.of(oneByOne, batched)) {
            assertThat(reservationStatus(order.orderNo())).as(order.orderNo()).isEqualTo("REJECTED");
            assertThat(rejectReason(order.orderNo())).as(order.orderNo()).isEqualTo("UNKNOWN_SKU");
        }
        assertThat(stockOf(sku.toUpperCase())).containsExactly(10, 0, 0);
    }

    @Test
    void skusThatDifferOnlyInCaseAreTwoSkusOfTheirOwnWithinOneOrder() {
        String lower = "twin-" + UUID.randomUUID().toString().substring(0, 8);
        String upper = lower.toUpperCase();
        stock(lower, 5);
        stock(upper, 7);
        OrderCreated both = createdWith(new OrderLine(lower, 2, BigDecimal.ONE), new OrderLine(upper, 3, BigDecimal.ONE));
        OrderCreated bothBatched = createdWith(new OrderLine(upper, 1, BigDecimal.ONE),
                new OrderLine(lower, 1, BigDecimal.ONE));
        // Only the upper-case one is stocked under this name: the order is decided, not retried into a dead letter.
        String unstocked = "solo-" + UUID.randomUUID().toString().substring(0, 8);
        stock(unstocked.toUpperCase(), 5);
        OrderCreated oneUnknown = createdWith(new OrderLine(unstocked.toUpperCase(), 1, BigDecimal.ONE),
                new OrderLine(unstocked, 1, BigDecimal.ONE));

        assertThat(listener.handle(inbound(both))).isTrue();
        assertThat(listener.handleBatch(List.of(inbound(bothBatched)))).containsExactly(true);
        assertThat(listener.handle(inbound(oneUnknown))).isTrue();

        assertThat(reservationStatus(both.orderNo())).isEqualTo("RESERVED");
        assertThat(reservationStatus(bothBatched.orderNo())).isEqualTo("RESERVED");
        assertThat(stockOf(lower)).containsExactly(2, 3, 0);
        assertThat(stockOf(upper)).containsExactly(3, 4, 0);
        assertThat(countOf("SELECT COUNT(*) FROM reservation_line WHERE order_no = ?", both.orderNo())).isEqualTo(2);
        assertThat(reservationStatus(oneUnknown.orderNo())).isEqualTo("REJECTED");
        assertThat(rejectReason(oneUnknown.orderNo())).isEqualTo("UNKNOWN_SKU");
        assertThat(stockOf(unstocked.toUpperCase())).containsExactly(5, 0, 0);
    }

    @Test
    void aBurstThroughTheBrokerOnAHotSkuEndsBalanced() {
        String sku = "HOT-" + UUID.randomUUID().toString().substring(0, 8);
        stock(sku, 30);
        List<OrderCreated> orders = IntStream.range(0, 80).mapToObj(i -> created(sku, 1)).toList();

        orders.parallelStream().forEach(InventoryIntegrationTest::publish);
        orders.subList(0, 5).forEach(InventoryIntegrationTest::publish); // redeliveries

        await().atMost(Duration.ofSeconds(60)).until(() -> orders.stream()
                .allMatch(o -> reservationStatus(o.orderNo()) != null));
        assertThat(stockOf(sku)).containsExactly(0, 30, 0);
        assertThat(orders.stream().filter(o -> "RESERVED".equals(reservationStatus(o.orderNo())))).hasSize(30);
        await().atMost(Duration.ofSeconds(30)).until(() -> orders.stream()
                .allMatch(o -> inventoryEventsFor(o.orderNo()).size() == 1));
    }

    private int countOf(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    private String rejectReason(String orderNo) {
        return jdbc.queryForObject("SELECT reject_reason FROM reservation WHERE order_no = ?", String.class, orderNo);
    }

    private static OrderCreated createdWith(OrderLine... lines) {
        String orderNo = "B" + UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase();
        BigDecimal total = java.util.Arrays.stream(lines)
                .map(l -> l.unitPrice().multiply(BigDecimal.valueOf(l.quantity()))).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new OrderCreated(EventIds.newId(), 1, Instant.now(), orderNo, 1, List.of(lines), total,
                Instant.now().plusSeconds(900));
    }

    private static OrderCreated created(String sku, int quantity) {
        String orderNo = "B" + UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase();
        return new OrderCreated(EventIds.newId(), 1, Instant.now(), orderNo, 1,
                List.of(new OrderLine(sku, quantity, BigDecimal.TEN)), BigDecimal.TEN.multiply(BigDecimal.valueOf(quantity)),
                Instant.now().plusSeconds(900));
    }

    private static InboundMessage inbound(Event event) {
        return new InboundMessage("order-events", UUID.randomUUID().toString(), event.type().tag(),
                List.of(event.eventId().toString(), event.orderNo()), codec.encode(event), 1);
    }
}
