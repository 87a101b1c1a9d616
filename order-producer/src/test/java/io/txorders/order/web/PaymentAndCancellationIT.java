package io.txorders.order.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.OrderCancelled;
import io.txorders.messaging.contract.OrderPaid;
import io.txorders.messaging.contract.StockReserved;
import io.txorders.messaging.contract.Topic;
import io.txorders.order.support.OrderEventsProbe;
import io.txorders.order.support.OrderProducerIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Payment and cancellation over HTTP: the state rules at the edge and their transactional events. */
class PaymentAndCancellationIT extends OrderProducerIntegrationTest {

    @Autowired
    ClientServiceProvider provider;
    @Autowired
    Producer producer;

    private final OrderEventsProbe probe = OrderEventsProbe.get();

    @Test
    void aReservedOrderIsPaidOnceAndPublishesOrderPaid() {
        String orderNo = reservedOrder();

        Response paid = post("/orders/" + orderNo + "/pay", "");
        Response again = post("/orders/" + orderNo + "/pay", "");
        Response cancel = post("/orders/" + orderNo + "/cancel", "");

        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.json().path("status").asString()).isEqualTo("PAID");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(cancel.status()).isEqualTo(409);
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.deliveriesFor(orderNo).stream()
                .filter(e -> e instanceof OrderPaid).count() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> probe.deliveriesFor(orderNo)
                .stream().filter(e -> e instanceof OrderPaid).count() == 1);
        assertThat(probe.deliveriesFor(orderNo)).noneMatch(e -> e instanceof OrderCancelled);
    }

    @Test
    void aPendingOrderCannotBePaidButCanBeCancelledAndThenNotPaid() {
        String orderNo = post("/orders", orderJson(31, "SKU-C", 1, "1.00")).json().path("orderNo").asString();

        Response payPending = post("/orders/" + orderNo + "/pay", "");
        Response cancel = post("/orders/" + orderNo + "/cancel", "");
        Response payCancelled = post("/orders/" + orderNo + "/pay", "");
        Response cancelAgain = post("/orders/" + orderNo + "/cancel", "");

        assertThat(payPending.status()).isEqualTo(409);
        assertThat(payPending.json().path("orderStatus").asString()).isEqualTo("PENDING");
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.json().path("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancel.json().path("cancelReason").asString()).isEqualTo("USER");
        assertThat(payCancelled.status()).isEqualTo(409);
        assertThat(cancelAgain.status()).isEqualTo(409);
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.deliveriesFor(orderNo).stream()
                .anyMatch(e -> e instanceof OrderCancelled c && c.reason().equals("USER")));
    }

    @Test
    void payingOrCancellingAnUnknownOrderIs404() {
        assertThat(post("/orders/00000000000000000000000000/pay", "").status()).isEqualTo(404);
        assertThat(post("/orders/00000000000000000000000000/cancel", "").status()).isEqualTo(404);
    }

    private String reservedOrder() {
        String orderNo = post("/orders", orderJson(30, "SKU-PAY", 2, "12.50")).json().path("orderNo").asString();
        StockReserved reserved = new StockReserved(EventIds.newId(), 1, Instant.now(), orderNo);
        try {
            producer.send(provider.newMessageBuilder().setTopic(Topic.INVENTORY_EVENTS.topicName())
                    .setTag(reserved.type().tag()).setKeys(reserved.eventId().toString(), orderNo)
                    .setBody(new EventCodec().encode(reserved)).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(
                jdbc.queryForObject("SELECT status FROM orders WHERE order_no = ?", String.class, orderNo)));
        return orderNo;
    }
}
