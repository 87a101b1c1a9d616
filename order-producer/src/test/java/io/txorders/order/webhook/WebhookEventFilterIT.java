package io.txorders.order.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.txorders.order.support.OrderEventsProbe;
import io.txorders.order.support.OrderProducerIntegrationTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The webhook group ({@code order-webhooks}) takes from the broker only the order events some subscription wants:
 * with none it consumes nothing (its counters at {@code /admin/consumers} stay put while orders are placed and
 * cancelled); with a subscription to one type it consumes that type only; after the last subscription ends, nothing
 * again. Every wait for a filter change is the documented {@link WebhookService#activationDelay()} (the
 * subscription's {@code effectiveAt}), never a guess.
 */
class WebhookEventFilterIT extends OrderProducerIntegrationTest {

    private static final String SECRET = "a-partner-secret-0123456789";
    /** Long enough for a receive in flight to have come back with an event it would have taken (test await: 1 s). */
    private static final Duration QUIET_WINDOW = Duration.ofSeconds(3);

    @Autowired
    WebhookService webhooks;

    private HttpServer partner;
    /** Bodies the partner endpoint received. */
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Long> subscriptions = new ArrayList<>();

    @BeforeEach
    void noSubscriptionInEffect() throws IOException {
        partner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        partner.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        partner.start();
        for (var subscription : get("/webhooks", admin()).json()) {
            assertThat(delete("/webhooks/" + subscription.path("id").asLong(), admin()).status()).isEqualTo(204);
        }
        // Also for subscriptions another test ended just before.
        awaitActivationDelay();
    }

    @AfterEach
    void endSubscriptions() {
        subscriptions.forEach(id -> delete("/webhooks/" + id, admin()));
        partner.stop(0);
    }

    @Test
    void withNoSubscriptionTheGroupConsumesNoOrderEvent() {
        Map<String, Long> before = webhookGroupCounters();

        List<String> orders = placeOrders(3);
        cancel(orders.get(0));

        awaitPublished(orders.get(0), "OrderCreated", "OrderCancelled");
        orders.forEach(orderNo -> awaitPublished(orderNo, "OrderCreated"));
        await().during(QUIET_WINDOW).atMost(QUIET_WINDOW.plusSeconds(2))
                .until(() -> webhookGroupCounters().equals(before));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notification_task WHERE order_no IN (?, ?, ?)",
                Integer.class, orders.toArray())).isZero();
    }

    @Test
    void aSubscriptionToOneTypeGetsItsEventsAndTheGroupConsumesNoOtherType() {
        subscribeAndAwaitEffect("OrderCancelled");
        Map<String, Long> before = webhookGroupCounters();

        List<String> orders = placeOrders(2);
        String cancelled = orders.get(0);
        cancel(cancelled);

        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(jdbc.query(
                "SELECT status FROM notification_task WHERE order_no = ? AND event_type = 'OrderCancelled'",
                rs -> rs.next() ? rs.getString(1) : null, cancelled)));
        assertThat(received).anyMatch(body -> body.contains(cancelled) && body.contains("OrderCancelled"));
        orders.forEach(orderNo -> awaitPublished(orderNo, "OrderCreated"));
        Map<String, Long> expected = new TreeMap<>(before);
        expected.merge("applied", 1L, Long::sum);
        // Exactly the one OrderCancelled: neither OrderCreated was received, not even to be ignored.
        await().during(QUIET_WINDOW).atMost(QUIET_WINDOW.plusSeconds(2))
                .until(() -> webhookGroupCounters().equals(expected));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notification_task WHERE order_no IN (?, ?)",
                Integer.class, orders.toArray())).isEqualTo(1);
    }

    @Test
    void afterTheLastSubscriptionEndsTheGroupConsumesNothingAgain() {
        long subscription = subscribeAndAwaitEffect("OrderCreated");
        String delivered = placeOrders(1).get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.stream().anyMatch(body -> body.contains(delivered)));

        assertThat(delete("/webhooks/" + subscription, admin()).status()).isEqualTo(204);
        subscriptions.remove(subscription);
        awaitActivationDelay();
        Map<String, Long> before = webhookGroupCounters();
        List<String> orders = placeOrders(2);

        orders.forEach(orderNo -> awaitPublished(orderNo, "OrderCreated"));
        await().during(QUIET_WINDOW).atMost(QUIET_WINDOW.plusSeconds(2))
                .until(() -> webhookGroupCounters().equals(before));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notification_task WHERE order_no IN (?, ?)",
                Integer.class, orders.toArray())).isZero();
    }

    /** Subscribes the partner endpoint to one type and waits until the subscription's {@code effectiveAt}. */
    private long subscribeAndAwaitEffect(String eventType) {
        Response response = post("/webhooks", "{\"url\":\"http://127.0.0.1:" + partner.getAddress().getPort()
                + "/hook\",\"events\":[\"" + eventType + "\"],\"secret\":\"" + SECRET + "\"}", admin());
        assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
        long id = response.json().path("id").asLong();
        subscriptions.add(id);
        Instant createdAt = Instant.parse(response.json().path("createdAt").asString());
        Instant effectiveAt = Instant.parse(response.json().path("effectiveAt").asString());
        assertThat(Duration.between(createdAt, effectiveAt)).isEqualTo(webhooks.activationDelay());
        await().atMost(webhooks.activationDelay().plusSeconds(5)).until(() -> Instant.now().isAfter(effectiveAt));
        return id;
    }

    /** The documented time a change of the subscriptions takes to be in effect on every instance. */
    private void awaitActivationDelay() {
        Instant inEffect = Instant.now().plus(webhooks.activationDelay());
        await().atMost(webhooks.activationDelay().plusSeconds(5)).until(() -> Instant.now().isAfter(inEffect));
    }

    private List<String> placeOrders(int count) {
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Response response = post("/orders", orderJson(78, "SKU-WHF", 1, "3.00"));
            assertThat(response.status()).isEqualTo(201);
            orders.add(response.json().path("orderNo").asString());
        }
        return orders;
    }

    private void cancel(String orderNo) {
        assertThat(post("/orders/" + orderNo + "/cancel", "").status()).isEqualTo(200);
    }

    /** Waits until the test's own consumer group of order-events got these events of the order: they are out. */
    private static void awaitPublished(String orderNo, String... tags) {
        OrderEventsProbe probe = OrderEventsProbe.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.rawDeliveriesFor(orderNo).stream()
                .map(OrderEventsProbe.Delivery::tag).toList().containsAll(List.of(tags)));
    }

    /**
     * The group's {@code txorders.consumer.messages} counters by outcome, as {@code GET /admin/consumers} shows them,
     * without the outcomes at 0 (shown once the group consumed anything, absent before).
     */
    private Map<String, Long> webhookGroupCounters() {
        Response response = get("/admin/consumers", admin());
        assertThat(response.status()).isEqualTo(200);
        Map<String, Long> counters = new TreeMap<>();
        response.json().path("groups").path("order-webhooks").properties()
                .stream().filter(entry -> entry.getValue().asLong() != 0)
                .forEach(entry -> counters.put(entry.getKey(), entry.getValue().asLong()));
        return counters;
    }
}
