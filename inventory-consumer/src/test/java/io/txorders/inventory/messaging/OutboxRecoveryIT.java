package io.txorders.inventory.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.testsupport.FaultyProducer;
import io.txorders.messaging.outbox.OutboxMessageSender;
import io.txorders.inventory.support.InventoryIntegrationTest;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.OrderCreated;
import io.txorders.messaging.contract.OrderLine;
import io.txorders.messaging.contract.StockReserved;
import io.txorders.messaging.rocketmq.RocketMqOutboxSender;
import io.txorders.messaging.rocketmq.StartingProducer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.java.exception.BadRequestException;
import org.apache.rocketmq.client.java.exception.NotFoundException;
import org.apache.rocketmq.client.java.exception.ProxyTimeoutException;
import org.apache.rocketmq.client.java.exception.TooManyRequestsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The outbox end to end through the real relay, adapter, embedded broker and database, with sends failing the way
 * rocketmq-client-java fails them: a broker outage many times longer than the attempts leaves the reservation outcome
 * PENDING and it reaches the order service once the broker is back; a message the broker rejects goes DEAD and, once
 * requeued through the admin API, is delivered exactly once.
 */
@TestPropertySource(properties = {"txorders.outbox.max-attempts=3", "txorders.outbox.base-backoff=10ms",
        "txorders.outbox.max-backoff=50ms", "txorders.outbox.poll-interval=20ms",
        "txorders.outbox.backlog-refresh=100ms"})
// A context of its own (the faulty sender): closed after the class, or its order-events consumer would go on taking
// half of the group's messages away from the shared context's tests (seen: ReservationIT's duplicate counted here).
@DirtiesContext
class OutboxRecoveryIT extends InventoryIntegrationTest {

    private static final HttpClient http = HttpClient.newHttpClient();

    @TestConfiguration(proxyBeanMethods = false)
    static class FaultyBroker {

        @Bean
        FaultyProducer faultyProducer(StartingProducer outboxProducer) {
            return new FaultyProducer(outboxProducer);
        }

        /** The real adapter, over a producer the test can make fail. */
        @Bean
        @Primary
        OutboxMessageSender faultyOutboxSender(FaultyProducer faultyProducer, StartingProducer outboxProducer,
                                               ClientServiceProvider provider) {
            return new RocketMqOutboxSender(faultyProducer, outboxProducer::isStarted, provider);
        }
    }

    @Autowired
    FaultyProducer broker;
    @Autowired
    MeterRegistry meters;
    @LocalServerPort
    int port;

    @AfterEach
    void brokerBack() {
        broker.heal();
    }

    @Test
    void aBrokerOutageFarLongerThanTheAttemptsLeavesTheAnswerPendingAndItArrivesOnceWhenTheBrokerIsBack() {
        AtomicInteger failures = new AtomicInteger();
        broker.fail(message -> availabilityFailure(failures.getAndIncrement()));
        OrderCreated order = orderOf(sku(5), 2);

        publish(order);

        // Ten attempts, more than three times max-attempts; a row given up on (DEAD) ends the wait at once.
        await().atMost(Duration.ofSeconds(30)).until(() -> attemptsOf(order.orderNo()) >= 10
                || "DEAD".equals(statusOf(order.orderNo())));
        assertThat(statusOf(order.orderNo())).isEqualTo("PENDING");
        await().atMost(Duration.ofSeconds(10)).until(() -> oldestPendingAge() >= 1);
        assertThat(inventoryEventsFor(order.orderNo())).isEmpty();

        broker.heal();

        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(statusOf(order.orderNo())));
        await().atMost(Duration.ofSeconds(30)).until(() -> !inventoryEventsFor(order.orderNo()).isEmpty());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> inventoryEventsFor(order.orderNo()).size() == 1);
        assertThat(inventoryEventsFor(order.orderNo()).get(0)).isInstanceOf(StockReserved.class);
    }

    @Test
    void aRejectedAnswerIsDeadAndOnceRequeuedThroughTheAdminApiArrivesExactlyOnce() throws Exception {
        OrderCreated order = orderOf(sku(5), 1);
        broker.fail(message -> message.getKeys().contains(order.orderNo())
                ? new BadRequestException(40001, "req", "illegal message property") : null);
        double deadBefore = meters.counter("txorders.outbox.dead").count();

        publish(order);

        await().atMost(Duration.ofSeconds(30)).until(() -> "DEAD".equals(statusOf(order.orderNo())));
        assertThat(attemptsOf(order.orderNo())).isEqualTo(3);
        assertThat(meters.counter("txorders.outbox.dead").count()).isEqualTo(deadBefore + 1);
        long id = jdbc.queryForObject("SELECT id FROM outbox WHERE order_no = ?", Long.class, order.orderNo());
        HttpResponse<String> dead = admin("GET", "/admin/outbox?status=DEAD&limit=1000");
        assertThat(dead.statusCode()).isEqualTo(200);
        assertThat(dead.body()).contains("\"id\":" + id).contains("\"orderNo\":\"" + order.orderNo() + "\"")
                .contains("\"status\":\"DEAD\"").contains("illegal message property");
        assertThat(inventoryEventsFor(order.orderNo())).isEmpty();

        broker.heal(); // whatever made the broker refuse it is fixed
        HttpResponse<String> requeued = admin("POST", "/admin/outbox/" + id + "/requeue");

        assertThat(requeued.statusCode()).as(requeued.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(statusOf(order.orderNo())));
        await().atMost(Duration.ofSeconds(30)).until(() -> !inventoryEventsFor(order.orderNo()).isEmpty());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> inventoryEventsFor(order.orderNo()).size() == 1);
        HttpResponse<String> again = admin("POST", "/admin/outbox/" + id + "/requeue");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void requeueingEveryDeadRowAnswersHowMany() throws Exception {
        OrderCreated first = orderOf(sku(5), 1);
        OrderCreated second = orderOf(sku(5), 1);
        List<String> refused = List.of(first.orderNo(), second.orderNo());
        broker.fail(message -> message.getKeys().stream().anyMatch(refused::contains)
                ? new BadRequestException(40001, "req", "illegal message property") : null);
        publish(first);
        publish(second);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DEAD".equals(statusOf(first.orderNo()))
                && "DEAD".equals(statusOf(second.orderNo())));
        broker.heal();

        HttpResponse<String> response = admin("POST", "/admin/outbox/requeue-dead");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).matches("\\{\"requeued\":\\d+}");
        assertThat(Integer.parseInt(response.body().replaceAll("\\D", ""))).isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> inventoryEventsFor(first.orderNo()).size() == 1
                && inventoryEventsFor(second.orderNo()).size() == 1);
    }

    @Test
    void theOutboxAdminApiIsTokenProtectedAndAnswersProblems() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri("/admin/outbox")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = admin("POST", "/admin/outbox/" + Long.MAX_VALUE + "/requeue");
        HttpResponse<String> badStatus = admin("GET", "/admin/outbox?status=LOST");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(badStatus.statusCode()).isEqualTo(400);
    }

    /** Failures as rocketmq-client-java reports an unreachable, slow or busy broker, in turn. */
    private static Throwable availabilityFailure(int n) {
        return switch (n % 5) {
            case 0 -> new ClientException("UNAVAILABLE: io exception", new RuntimeException("Connection refused"));
            case 1 -> new ProxyTimeoutException(50401, "req", "proxy timeout");
            case 2 -> new TooManyRequestsException(42901, "req", "flow control");
            case 3 -> new NotFoundException(40402, "req", "topic route not found");
            default -> new IllegalStateException("Producer is not running now");
        };
    }

    private OrderCreated orderOf(String sku, int quantity) {
        String orderNo = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase();
        return new OrderCreated(EventIds.newId(), 1, Instant.now(), orderNo, 1,
                List.of(new OrderLine(sku, quantity, BigDecimal.TEN)), BigDecimal.TEN.multiply(BigDecimal.valueOf(quantity)),
                Instant.now().plusSeconds(900));
    }

    private String sku(int available) {
        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        stock(sku, available);
        return sku;
    }

    private String statusOf(String orderNo) {
        return jdbc.query("SELECT status FROM outbox WHERE order_no = ?", rs -> rs.next() ? rs.getString(1) : null,
                orderNo);
    }

    private int attemptsOf(String orderNo) {
        return jdbc.query("SELECT attempts FROM outbox WHERE order_no = ?", rs -> rs.next() ? rs.getInt(1) : 0,
                orderNo);
    }

    private double oldestPendingAge() {
        return meters.get("txorders.outbox.oldest.pending.age").gauge().value();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> admin(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer test-admin-token")
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
