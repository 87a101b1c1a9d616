package io.txorders.points.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.devstack.DevStackExtension;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.OrderLine;
import io.txorders.messaging.contract.OrderPaid;
import io.txorders.messaging.inbox.ConsumeOutcome;
import io.txorders.testsupport.OrderEventsPublisher;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(DevStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PointsAwardIT {

    private static OrderEventsPublisher orderEvents;

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;
    @Autowired
    PointsService points;
    @Autowired
    PlatformTransactionManager transactionManager;

    @BeforeAll
    static void producer(@Autowired ClientConfiguration rocketMq) {
        orderEvents = OrderEventsPublisher.connect(rocketMq);
    }

    @AfterAll
    static void close() throws Exception {
        orderEvents.close();
    }

    @Test
    void aPaidOrderAwardsFloorOfItsTotalOnceWhateverIsRedelivered() throws Exception {
        long userId = ThreadLocalRandom.current().nextLong(1_000_000, 2_000_000);
        OrderPaid paid = paid(userId, "O-" + userId, "59.99");
        double duplicatesBefore = count("duplicate");

        publish(paid);
        publish(paid); // redelivered / replayed: same event id
        publish(new OrderPaid(EventIds.newId(), 1, Instant.now(), paid.orderNo(), userId, paid.items(),
                paid.totalAmount())); // a second event about the same order

        await().atMost(Duration.ofSeconds(30)).until(() -> count("duplicate") > duplicatesBefore
                && balance(userId).path("entries").size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> balance(userId).path("balance").asLong() == 59);
        JsonNode entry = balance(userId).path("entries").get(0);
        assertThat(entry.path("orderNo").asString()).isEqualTo(paid.orderNo());
        assertThat(entry.path("delta").asLong()).isEqualTo(59);
        assertThat(entry.path("reason").asString()).isEqualTo("ORDER_PAID");
    }

    /** {@code txorders.points.awarded} counts the points of committed awards only. */
    @Test
    void anAwardIsCountedOnceItsTransactionCommitsAndNotWhenItRollsBack() throws Exception {
        long userId = ThreadLocalRandom.current().nextLong(2_000_000, 3_000_000);
        OrderPaid paid = paid(userId, "O-" + userId, "120.50");
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        double before = meters.counter("txorders.points.awarded").count();

        transaction.executeWithoutResult(status -> {
            assertThat(points.award(paid)).isEqualTo(ConsumeOutcome.APPLIED);
            status.setRollbackOnly(); // as when the commit fails: the broker delivers the event again
        });
        assertThat(meters.counter("txorders.points.awarded").count()).isEqualTo(before);
        transaction.executeWithoutResult(status -> points.award(paid));

        assertThat(meters.counter("txorders.points.awarded").count()).isEqualTo(before + 120);
        assertThat(balance(userId).path("balance").asLong()).isEqualTo(120);
    }

    @Test
    void aNewUserHasZeroPoints() throws Exception {
        JsonNode balance = balance(987_654_321L);

        assertThat(balance.path("balance").asLong()).isZero();
        assertThat(balance.path("entries").isEmpty()).isTrue();
    }

    @Test
    void aNonPositiveUserIdIsA400Problem() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/points/0")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private JsonNode balance(long userId) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/points/" + userId)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonMapper.shared().readTree(response.body());
    }

    private double count(String outcome) {
        var counter = meters.find("txorders.consumer.messages").tag("group", "points-consumer").tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static OrderPaid paid(long userId, String orderNo, String total) {
        return new OrderPaid(EventIds.newId(), 1, Instant.now(), orderNo, userId,
                List.of(new OrderLine("SKU-P", 1, new BigDecimal(total))), new BigDecimal(total));
    }

    private static void publish(OrderPaid event) {
        orderEvents.publish(event);
    }
}
