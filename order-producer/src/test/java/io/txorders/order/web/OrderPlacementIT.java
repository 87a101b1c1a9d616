package io.txorders.order.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.OrderCreated;
import io.txorders.order.support.OrderEventsProbe;
import io.txorders.order.support.OrderProducerIntegrationTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

@ExtendWith(OutputCaptureExtension.class)
class OrderPlacementIT extends OrderProducerIntegrationTest {

    /**
     * The W3C trace context of the placing request travels with OrderCreated as message properties, and this service's
     * own consumer of order events (group {@code order-webhooks}, which receives OrderCreated while a webhook
     * subscription wants it) handles it in that trace: its log line carries the request's {@code traceId}.
     */
    @Test
    void theTraceOfThePlacingRequestTravelsWithOrderCreatedToItsConsumers(CapturedOutput output) {
        Response subscribed = post("/webhooks", "{\"url\":\"http://127.0.0.1:9/trace\",\"events\":[\"OrderCreated\"],"
                + "\"secret\":\"a-partner-secret-0123456789\"}", admin());
        assertThat(subscribed.status()).isEqualTo(201);
        Instant effectiveAt = Instant.parse(subscribed.json().path("effectiveAt").asString());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(effectiveAt));
            placeAndFollowTrace(output);
        } finally {
            delete("/webhooks/" + subscribed.json().path("id").asLong(), admin());
        }
    }

    private void placeAndFollowTrace(CapturedOutput output) {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String traceparent = "00-" + traceId + "-00f067aa0ba902b7-01";

        Response response = post("/orders", orderJson(7, "SKU-TRACE", 1, "2.50"), Map.of("traceparent", traceparent));

        assertThat(response.status()).isEqualTo(201);
        String orderNo = response.json().path("orderNo").asString();
        OrderEventsProbe probe = OrderEventsProbe.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> !probe.rawDeliveriesFor(orderNo).isEmpty());
        OrderEventsProbe.Delivery created = probe.rawDeliveriesFor(orderNo).get(0);
        assertThat(created.tag()).isEqualTo("OrderCreated");
        assertThat(created.properties().get("traceparent")).startsWith("00-" + traceId + "-")
                // A span of this service's (the HTTP request's), not the caller's.
                .doesNotContain("00f067aa0ba902b7");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(output.getOut().lines()
                .filter(line -> line.contains("group=order-webhooks") && line.contains("orderNo=" + orderNo)))
                .isNotEmpty()
                .allMatch(line -> line.contains("[" + traceId + ","), "carries traceId " + traceId));
    }

    @Test
    void placedOrderIsPendingAndItsOrderCreatedIsDeliveredExactlyOnce() {
        Response response = post("/orders", """
                {"userId":1,"items":[{"sku":"SKU-1","quantity":2,"unitPrice":"19.90"},{"sku":"SKU-2","quantity":1,"unitPrice":5}]}""");

        assertThat(response.status()).isEqualTo(201);
        JsonNode order = response.json();
        String orderNo = order.path("orderNo").asString();
        assertThat(orderNo).matches("[0-9A-Z]{26}");
        assertThat(response.header("Location")).isEqualTo("/orders/" + orderNo);
        assertThat(order.path("status").asString()).isEqualTo("PENDING");
        assertThat(order.path("totalAmount").asString()).isEqualTo("44.80");

        JsonNode read = get("/orders/" + orderNo).json();
        assertThat(read.path("items")).hasSize(2);
        assertThat(read.path("items").get(0).path("unitPrice").asString()).isEqualTo("19.90");
        assertThat(read.path("paymentDeadline").asString()).isNotBlank();

        OrderEventsProbe probe = OrderEventsProbe.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> !probe.deliveriesFor(orderNo).isEmpty());
        // Past the broker's check window: a committed message is not delivered a second time.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                .until(() -> probe.deliveriesFor(orderNo).size() == 1);
        Event delivered = probe.deliveriesFor(orderNo).get(0);
        assertThat(delivered).isInstanceOf(OrderCreated.class);
        OrderCreated created = (OrderCreated) delivered;
        assertThat(created.userId()).isEqualTo(1);
        assertThat(created.totalAmount()).isEqualByComparingTo(new BigDecimal("44.80"));
        assertThat(created.items()).extracting(l -> l.sku()).containsExactly("SKU-1", "SKU-2");
        assertThat(jdbc.queryForObject("SELECT state FROM tx_state WHERE tx_id = ?", String.class,
                created.eventId().toString())).isEqualTo("COMMITTED");
    }

    /** The 201 shows the times the order is stored with: read back, they are the same instants. */
    @Test
    void thePlacingAnswerShowsTheTimesAsTheyAreStored() {
        Response response = post("/orders", """
                {"userId":1,"items":[{"sku":"SKU-1","quantity":1,"unitPrice":"1.00"}]}""");

        assertThat(response.status()).isEqualTo(201);
        JsonNode placed = response.json();
        JsonNode read = get("/orders/" + placed.path("orderNo").asString()).json();
        assertThat(Instant.parse(placed.path("createdAt").asString()))
                .isEqualTo(Instant.parse(read.path("createdAt").asString()));
        assertThat(Instant.parse(placed.path("paymentDeadline").asString()))
                .isEqualTo(Instant.parse(read.path("paymentDeadline").asString()));
    }

    @Test
    void unknownOrderIsA404Problem() {
        Response response = get("/orders/00000000000000000000000000");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(404);
    }

    @Test
    void twentyConcurrentRequestsWithOneIdempotencyKeyPlaceOneOrder() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = orderJson(42, "SKU-IDEM", 1, "3.50");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return post("/orders", body, Map.of("Idempotency-Key", key));
            }));
        }
        start.countDown();
        List<Response> responses = new ArrayList<>();
        for (Future<Response> future : futures) {
            responses.add(future.get());
        }
        pool.shutdown();

        assertThat(responses).extracting(Response::status).containsOnly(200, 201);
        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        Set<String> orderNos = responses.stream().map(r -> r.json().path("orderNo").asString()).collect(Collectors.toSet());
        assertThat(orderNos).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE user_id = 42 AND client_request_id = ?",
                Integer.class, key)).isEqualTo(1);
        String orderNo = orderNos.iterator().next();
        OrderEventsProbe probe = OrderEventsProbe.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> !probe.deliveriesFor(orderNo).isEmpty());
        // The losers' half messages were rolled back: only the winner's OrderCreated exists for this user.
        assertThat(probe.deliveriesFor(orderNo)).hasSize(1);
    }

    @Test
    void theSameIdempotencyKeyForADifferentRequestIsRefused() {
        String key = UUID.randomUUID().toString();
        Response first = post("/orders", orderJson(43, "SKU-A", 1, "1.00"), Map.of("Idempotency-Key", key));
        Response retry = post("/orders", orderJson(43, "SKU-A", 1, "1.00"), Map.of("Idempotency-Key", key));
        Response other = post("/orders", orderJson(43, "SKU-B", 2, "1.00"), Map.of("Idempotency-Key", key));
        Response otherUser = post("/orders", orderJson(44, "SKU-A", 1, "1.00"), Map.of("Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("orderNo").asString()).isEqualTo(first.json().path("orderNo").asString());
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.header("Content-Type")).startsWith("application/problem+json");
        // Keys are scoped to the user: another user's identical key is a different request.
        assertThat(otherUser.status()).isEqualTo(201);
    }

    @Test
    void idempotencyKeysThatDifferOnlyInCaseAreTwoKeys() {
        String key = "key-" + UUID.randomUUID();
        Response lower = post("/orders", orderJson(45, "SKU-A", 1, "1.00"), Map.of("Idempotency-Key", key));
        Response upper = post("/orders", orderJson(45, "SKU-A", 1, "1.00"),
                Map.of("Idempotency-Key", key.toUpperCase(java.util.Locale.ROOT)));

        assertThat(lower.status()).isEqualTo(201);
        assertThat(upper.status()).as(upper.raw().body()).isEqualTo(201);
        assertThat(upper.json().path("orderNo").asString()).isNotEqualTo(lower.json().path("orderNo").asString());
    }
}
