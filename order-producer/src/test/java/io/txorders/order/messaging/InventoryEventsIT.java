package io.txorders.order.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.OrderCancelled;
import io.txorders.messaging.contract.OrderTimeout;
import io.txorders.messaging.contract.StockRejected;
import io.txorders.messaging.contract.StockReserved;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.inbox.InboundMessage;
import io.txorders.order.support.OrderEventsProbe;
import io.txorders.order.support.OrderProducerIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** order-producer as a consumer of inventory-events and its own timeouts: through the inbox, never backwards. */
class InventoryEventsIT extends OrderProducerIntegrationTest {

    @Autowired
    ClientServiceProvider provider;
    @Autowired
    Producer producer;
    @Autowired
    MeterRegistry meters;
    @Autowired
    InboundEventsListener inboundEventsListener;

    private final EventCodec codec = new EventCodec();

    @Test
    void aDuplicatedStockReservedReservesTheOrderOnce() {
        String orderNo = place();
        StockReserved reserved = new StockReserved(EventIds.newId(), 1, Instant.now(), orderNo);
        double duplicatesBefore = count("duplicate");

        send(reserved);
        send(reserved); // e.g. the outbox relay died after publishing, before marking the row sent

        await().atMost(Duration.ofSeconds(30)).until(() -> count("duplicate") > duplicatesBefore);
        assertThat(status(orderNo)).isEqualTo("RESERVED");
        assertThat(jdbc.queryForObject("SELECT version FROM orders WHERE order_no = ?", Integer.class, orderNo))
                .isEqualTo(1);
    }

    @Test
    void stockRejectedCancelsWithTheReasonAndPublishesOrderCancelled() {
        String orderNo = place();

        send(new StockRejected(EventIds.newId(), 1, Instant.now(), orderNo, "OUT_OF_STOCK"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(status(orderNo)));
        assertThat(jdbc.queryForObject("SELECT cancel_reason FROM orders WHERE order_no = ?", String.class, orderNo))
                .isEqualTo("OUT_OF_STOCK");
        OrderEventsProbe probe = OrderEventsProbe.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.deliveriesFor(orderNo).stream()
                .anyMatch(e -> e instanceof OrderCancelled c && c.reason().equals("OUT_OF_STOCK")));
    }

    @Test
    void aLateStockReservedNeverMovesACancelledOrderBack() {
        String orderNo = place();
        send(new StockRejected(EventIds.newId(), 1, Instant.now(), orderNo, "UNKNOWN_SKU"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(status(orderNo)));
        double rejectedBefore = count("rejected");

        send(new StockReserved(EventIds.newId(), 1, Instant.now(), orderNo));

        await().atMost(Duration.ofSeconds(30)).until(() -> count("rejected") > rejectedBefore);
        assertThat(status(orderNo)).isEqualTo("CANCELLED");
    }

    @Test
    void aTimeoutDeliveredBeforeTheDeadlineIsRedeliveredUntilItIsDueAndThenCancels() {
        String orderNo = place();
        OrderTimeout early = new OrderTimeout(EventIds.newId(), 1, Instant.now(), orderNo);
        double postponedBefore = count(ConsumerGroup.ORDER_TIMEOUTS, "postponed");

        // As if the broker's clock ran ahead of this service's: delivered now, 15 minutes before the deadline.
        send(Topic.ORDER_TIMEOUTS, early);

        await().atMost(Duration.ofSeconds(30)).until(() -> count(ConsumerGroup.ORDER_TIMEOUTS, "postponed")
                > postponedBefore);
        assertThat(status(orderNo)).isEqualTo("PENDING");
        assertThat(inboxRows(early)).isZero();
        // The deadline passes, but not by the sweeper's grace (30 s): only the redelivered message can cancel now.
        movePaymentDeadline(orderNo, Instant.now().minusSeconds(1));

        await().atMost(Duration.ofSeconds(25)).until(() -> "CANCELLED".equals(status(orderNo)));
        assertThat(jdbc.queryForObject("SELECT cancel_reason FROM orders WHERE order_no = ?", String.class, orderNo))
                .isEqualTo("TIMEOUT");
        assertThat(inboxRows(early)).isEqualTo(1);
    }

    @Test
    void aBatchAppliesEachRunOfStockReservedInOneTransactionAndKeepsEveryOtherEventInItsPlace() {
        String first = place();
        String second = place();
        String rejected = place();
        StockReserved reserveFirst = new StockReserved(EventIds.newId(), 1, Instant.now(), first);
        StockReserved late = new StockReserved(EventIds.newId(), 1, Instant.now(), rejected);
        double batchedBefore = batchedMessages();
        double duplicatesBefore = count("duplicate");
        double rejectedBefore = count("rejected");

        List<Boolean> acks = inboundEventsListener.handleBatch(List.of(inbound(reserveFirst),
                inbound(new StockReserved(EventIds.newId(), 1, Instant.now(), second)),
                inbound(new StockRejected(EventIds.newId(), 1, Instant.now(), rejected, "OUT_OF_STOCK")),
                inbound(reserveFirst), // redelivered within the batch
                inbound(late))); // came after the rejection: must not move the order back

        assertThat(acks).containsExactly(true, true, true, true, true);
        assertThat(status(first)).isEqualTo("RESERVED");
        assertThat(status(second)).isEqualTo("RESERVED");
        assertThat(status(rejected)).isEqualTo("CANCELLED");
        assertThat(jdbc.queryForObject("SELECT version FROM orders WHERE order_no = ?", Integer.class, rejected))
                .as("cancelled, and never reserved: the late StockReserved did not overtake the rejection").isEqualTo(1);
        assertThat(count("duplicate") - duplicatesBefore).as("the second copy of the first").isEqualTo(1);
        assertThat(count("rejected") - rejectedBefore).as("the late one, recorded so it is not redone").isEqualTo(1);
        assertThat(inboxRows(late)).isEqualTo(1);
        // Two runs of two went through the batch transaction; the rejection between them was handled on its own.
        assertThat(batchedMessages() - batchedBefore).isEqualTo(4);
    }

    private double batchedMessages() {
        var summary = meters.find("txorders.consumer.batch.size").tag("group", ConsumerGroup.ORDER.groupName())
                .summary();
        return summary == null ? 0 : summary.totalAmount();
    }

    private InboundMessage inbound(Event event) {
        return new InboundMessage(Topic.INVENTORY_EVENTS.topicName(), "test-" + event.eventId(), event.type().tag(),
                List.of(event.eventId().toString(), event.orderNo()), codec.encode(event), 1);
    }

    private Integer inboxRows(Event event) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE event_id = ?", Integer.class,
                event.eventId().toString());
    }

    private String place() {
        Response response = post("/orders", orderJson(5, "SKU-INV", 1, "4.00"));
        assertThat(response.status()).isEqualTo(201);
        return response.json().path("orderNo").asString();
    }

    private void send(Event event) {
        send(Topic.INVENTORY_EVENTS, event);
    }

    private void send(Topic topic, Event event) {
        var message = provider.newMessageBuilder()
                .setTopic(topic.topicName())
                .setTag(event.type().tag())
                .setKeys(event.eventId().toString(), event.orderNo())
                .setBody(codec.encode(event));
        if (topic == Topic.ORDER_TIMEOUTS) {
            message.setDeliveryTimestamp(System.currentTimeMillis()); // the topic takes delay messages only
        }
        try {
            producer.send(message.build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String status(String orderNo) {
        return jdbc.queryForObject("SELECT status FROM orders WHERE order_no = ?", String.class, orderNo);
    }

    private double count(String outcome) {
        return count(ConsumerGroup.ORDER, outcome);
    }

    private double count(ConsumerGroup group, String outcome) {
        var counter = meters.find("txorders.consumer.messages").tag("group", group.groupName())
                .tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
