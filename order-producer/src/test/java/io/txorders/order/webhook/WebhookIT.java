package io.txorders.order.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.OrderCancelled;
import io.txorders.order.support.OrderProducerIntegrationTest;
import io.txorders.testsupport.OrderEventsPublisher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Order-status webhooks against real partner endpoints (a JDK HttpServer), with quick test back-off. */
class WebhookIT extends OrderProducerIntegrationTest {

    private static final String SECRET = "a-partner-secret-0123456789";

    /** What a partner endpoint received. */
    record Received(Instant at, String eventId, String eventType, String signature, String body, int attempt) {
    }

    @Autowired
    ClientConfiguration rocketMq;
    @Autowired
    WebhookRepository webhookTables;
    @Autowired
    MeterRegistry meters;

    private HttpServer partner;
    private final Map<String, List<Received>> received = new HashMap<>();
    private final AtomicInteger flakyFailuresLeft = new AtomicInteger(3);
    private final AtomicBoolean downRecovered = new AtomicBoolean(false);
    private final CountDownLatch releaseHanging = new CountDownLatch(1);
    private final List<Long> subscriptions = new ArrayList<>();

    @BeforeEach
    void startPartner() throws IOException {
        partner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        partner.setExecutor(Executors.newFixedThreadPool(16));
        partner.createContext("/flaky", exchange -> answer(exchange, "flaky",
                flakyFailuresLeft.getAndDecrement() > 0 ? 500 : 200));
        partner.createContext("/down", exchange -> answer(exchange, "down", downRecovered.get() ? 204 : 503));
        partner.createContext("/fast", exchange -> answer(exchange, "fast", 200));
        partner.createContext("/hang", exchange -> {
            record(exchange, "hang");
            try {
                releaseHanging.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200);
        });
        partner.start();
    }

    @AfterEach
    void stopPartner() {
        subscriptions.forEach(id -> delete("/webhooks/" + id, admin()));
        releaseHanging.countDown();
        partner.stop(0);
    }

    @Test
    void aFlakyPartnerGetsTheEventAfterRetriesWithGrowingGapsSignedAndWithAStableEventId() {
        subscribe("/flaky", "OrderCreated");

        String orderNo = placeOrder();

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries("flaky", orderNo).size() == 4);
        List<Received> attempts = deliveries("flaky", orderNo);
        assertThat(attempts).extracting(Received::eventId).containsOnly(attempts.get(0).eventId());
        assertThat(attempts).extracting(Received::attempt).containsExactly(1, 2, 3, 4);
        long gap1 = Duration.between(attempts.get(0).at(), attempts.get(1).at()).toMillis();
        long gap2 = Duration.between(attempts.get(1).at(), attempts.get(2).at()).toMillis();
        long gap3 = Duration.between(attempts.get(2).at(), attempts.get(3).at()).toMillis();
        assertThat(gap2).isGreaterThan(gap1);
        assertThat(gap3).isGreaterThan(gap2);
        assertThat(attempts.get(3).signature())
                .isEqualTo(Signatures.sign(SECRET, attempts.get(3).body().getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(taskStatus(orderNo, "/flaky")));
        assertThat(jdbc.queryForList("SELECT status_code FROM notification_log l JOIN notification_task t "
                        + "ON t.id = l.task_id WHERE t.order_no = ? ORDER BY l.id", Integer.class, orderNo))
                .containsExactly(500, 500, 500, 200);
    }

    @Test
    void aPartnerThatAlwaysFailsEndsFailedIsListedAndAManualRetryDeliversOnceItRecovers() {
        subscribe("/down", "OrderCreated");
        String orderNo = placeOrder();

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(taskStatus(orderNo, "/down")));
        assertThat(deliveries("down", orderNo)).hasSize(4);
        Response failed = get("/webhooks/failed", admin());
        assertThat(failed.status()).isEqualTo(200);
        long taskId = -1;
        for (var task : failed.json()) {
            if (task.path("orderNo").asString().equals(orderNo)) {
                taskId = task.path("id").asLong();
                assertThat(task.path("attempts").asInt()).isEqualTo(4);
                assertThat(task.path("lastStatus").asInt()).isEqualTo(503);
            }
        }
        assertThat(taskId).isPositive();

        downRecovered.set(true);
        assertThat(post("/webhooks/tasks/" + taskId + "/retry", "", admin()).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(taskStatus(orderNo, "/down")));
        assertThat(deliveries("down", orderNo)).hasSize(5);
    }

    @Test
    void anEndedSubscriptionGetsNothingMoreAndItsTasksEnd() {
        subscribe("/down", "OrderCreated");
        long subscription = subscriptions.get(subscriptions.size() - 1);
        String orderNo = placeOrder();
        await().atMost(Duration.ofSeconds(30)).until(() -> !deliveries("down", orderNo).isEmpty());

        assertThat(delete("/webhooks/" + subscription, admin()).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).until(() -> "ENDED".equals(taskStatus(orderNo, "/down")));
        int attemptsBeforeTheEnd = deliveries("down", orderNo).size();
        // Without the end, the remaining attempts (of 4, 0.4 s to 5 s apart) would arrive within this window.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> deliveries("down", orderNo).size() == attemptsBeforeTheEnd);
        assertThat(attemptsBeforeTheEnd).isLessThan(4);
        long taskId = jdbc.queryForObject("SELECT id FROM notification_task WHERE order_no = ? AND subscription_id = ?",
                Long.class, orderNo, subscription);
        assertThat(post("/webhooks/tasks/" + taskId + "/retry", "", admin()).status()).isEqualTo(404);
    }

    @Test
    void aRedeliveredOrderEventMakesOneTask() throws Exception {
        subscribe("/fast", "OrderCancelled");
        OrderCancelled cancelled = new OrderCancelled(EventIds.newId(), 1, Instant.now(), "WH" + System.nanoTime(), 3,
                "USER");

        publishTwice(cancelled);

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries("fast", cancelled.orderNo()).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> deliveries("fast", cancelled.orderNo()).size() == 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notification_task WHERE event_id = ?", Integer.class,
                cancelled.eventId().toString())).isEqualTo(1);
    }

    @Test
    void aHangingPartnerTimesOutWhileOthersAreStillDelivered() {
        subscribe("/hang", "OrderCreated");
        subscribe("/fast", "OrderCreated");

        String orderNo = placeOrder();

        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries("fast", orderNo).size() == 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM notification_log l JOIN notification_task t ON t.id = l.task_id "
                        + "WHERE t.order_no = ? AND l.error LIKE 'timed out%'", Integer.class, orderNo) >= 1);
    }

    /**
     * A partner at its in-flight limit whose due tasks have the lowest ids: each round used to claim only its tasks
     * and release them, so no other partner's task was ever claimed. Run by a dispatcher of the test's whose clock is
     * a day ahead, on tasks due in 12 hours: the application's own dispatcher never sees them.
     */
    @Test
    void aPartnerAtItsLimitDoesNotHoldBackTheTasksOfOthers() {
        Instant dueLater = Instant.now().plus(Duration.ofHours(12));
        long hanging = insertSubscription("/hang");
        long fast = insertSubscription("/fast");
        for (int i = 0; i < 6; i++) {
            insertTask(hanging, "O-HOL-HANG-" + i, dueLater);
        }
        insertTask(fast, "O-HOL-FAST", dueLater);
        WebhookProperties oneAtATime = new WebhookProperties(true, null, Duration.ofSeconds(30), 1, 4,
                Duration.ofMillis(50), 3, Duration.ofSeconds(1), null);
        WebhookDispatcher dispatcher = new WebhookDispatcher(webhookTables, oneAtATime, meters,
                Clock.offset(Clock.systemUTC(), Duration.ofDays(1)), true);
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                dispatcher.dispatchOnce();
                assertThat(deliveries("fast", "O-HOL-FAST")).hasSize(1);
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> !deliveries("hang", "O-HOL-HANG-").isEmpty());
            assertThat(deliveries("hang", "O-HOL-HANG-")).as("one at a time to the hanging partner").hasSize(1);
        } finally {
            dispatcher.destroy();
        }
    }

    /**
     * Instance A claims a task, but its only delivery thread hangs on another partner past the claim's lease;
     * instance B (here: a clock 2 minutes ahead) claims the task and delivers it. When A's thread is free again it
     * used to send the task a second time; it now finds its claim gone and leaves it. Tasks are due in 12 hours, so
     * the application's own dispatcher never sees them.
     */
    @Test
    void aTaskThatWaitedPastItsLeaseIsNotSentAgainByTheInstanceThatLostIt() {
        Instant dueLater = Instant.now().plus(Duration.ofHours(12));
        insertTask(insertSubscription("/hang"), "O-LEASE-HANG", dueLater);
        insertTask(insertSubscription("/fast"), "O-LEASE-FAST", dueLater);
        WebhookProperties oneThread = new WebhookProperties(true, null, Duration.ofSeconds(30), 4, 1,
                Duration.ofMillis(50), 3, Duration.ofSeconds(1), null);
        WebhookDispatcher a = new WebhookDispatcher(webhookTables, oneThread, meters,
                Clock.offset(Clock.systemUTC(), Duration.ofDays(1)), true);
        WebhookDispatcher b = new WebhookDispatcher(webhookTables, new WebhookProperties(true, null,
                Duration.ofSeconds(30), 4, 4, Duration.ofMillis(50), 3, Duration.ofSeconds(1), null), meters,
                Clock.offset(Clock.systemUTC(), Duration.ofDays(1).plusMinutes(2)), true);
        try {
            assertThat(a.dispatchOnce()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> !deliveries("hang", "O-LEASE-HANG").isEmpty());

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                b.dispatchOnce();
                assertThat(deliveries("fast", "O-LEASE-FAST")).hasSize(1);
            });
            releaseHanging.countDown();

            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> deliveries("fast", "O-LEASE-FAST").size() == 1);
        } finally {
            releaseHanging.countDown();
            a.destroy();
            b.destroy();
        }
    }

    @Test
    void badSubscriptionsAre400ProblemsAndAllOperationsNeedTheToken() {
        Response ftp = post("/webhooks", "{\"url\":\"ftp://x.example/h\",\"events\":[\"OrderPaid\"],\"secret\":\""
                + SECRET + "\"}", admin());
        Response unknownEvent = post("/webhooks", "{\"url\":\"http://x.example/h\",\"events\":[\"StockReserved\"],"
                + "\"secret\":\"" + SECRET + "\"}", admin());
        Response shortSecret = post("/webhooks", "{\"url\":\"http://x.example/h\",\"events\":[\"OrderPaid\"],"
                + "\"secret\":\"short\"}", admin());
        Response noToken = post("/webhooks", "{\"url\":\"http://x.example/h\",\"events\":[\"OrderPaid\"],"
                + "\"secret\":\"" + SECRET + "\"}");

        assertThat(ftp.status()).isEqualTo(400);
        assertThat(ftp.json().path("errors").findValuesAsString("field")).contains("url");
        assertThat(unknownEvent.status()).isEqualTo(400);
        assertThat(unknownEvent.json().path("errors").findValuesAsString("field")).contains("events");
        assertThat(shortSecret.status()).isEqualTo(400);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(get("/webhooks").status()).isEqualTo(401);
        assertThat(get("/webhooks/failed").status()).isEqualTo(401);
    }

    private void subscribe(String path, String event) {
        Response response = post("/webhooks", "{\"url\":\"http://127.0.0.1:" + partner.getAddress().getPort() + path
                + "\",\"events\":[\"" + event + "\"],\"secret\":\"" + SECRET + "\"}", admin());
        assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
        assertThat(response.raw().body()).doesNotContain(SECRET);
        subscriptions.add(response.json().path("id").asLong());
        // Events that occur from effectiveAt on are delivered; earlier ones may not be (the group's tag filter).
        Instant effectiveAt = Instant.parse(response.json().path("effectiveAt").asString());
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(effectiveAt));
    }

    /** A subscription to OrderCreated at {@code path}, ended (with its tasks) after the test. */
    private long insertSubscription(String path) {
        long id = webhookTables.insertSubscription("http://127.0.0.1:" + partner.getAddress().getPort() + path,
                "OrderCreated", SECRET, Instant.now());
        subscriptions.add(id);
        return id;
    }

    /** A PENDING task created and due at {@code due}: never due for the application's dispatcher meanwhile. */
    private void insertTask(long subscriptionId, String orderNo, Instant due) {
        webhookTables.insertTask(subscriptionId, UUID.randomUUID().toString(), "OrderCreated", orderNo,
                "{\"orderNo\":\"" + orderNo + "\"}", due);
    }

    private String placeOrder() {
        Response response = post("/orders", orderJson(77, "SKU-WH", 1, "5.00"));
        assertThat(response.status()).isEqualTo(201);
        return response.json().path("orderNo").asString();
    }

    private String taskStatus(String orderNo, String path) {
        return jdbc.query("SELECT t.status FROM notification_task t JOIN webhook_subscription s ON s.id = t.subscription_id "
                + "WHERE t.order_no = ? AND s.url LIKE ?", rs -> rs.next() ? rs.getString(1) : null, orderNo, "%" + path);
    }

    private synchronized List<Received> deliveries(String endpoint, String orderNo) {
        return received.getOrDefault(endpoint, List.of()).stream().filter(r -> r.body().contains(orderNo)).toList();
    }

    private void answer(HttpExchange exchange, String endpoint, int status) throws IOException {
        record(exchange, endpoint);
        respond(exchange, status);
    }

    private void record(HttpExchange exchange, String endpoint) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var headers = exchange.getRequestHeaders();
        Received r = new Received(Instant.now(), headers.getFirst("X-Txorders-Event-Id"),
                headers.getFirst("X-Txorders-Event-Type"), headers.getFirst("X-Txorders-Signature"), body,
                Integer.parseInt(headers.getFirst("X-Txorders-Delivery-Attempt")));
        synchronized (this) {
            received.computeIfAbsent(endpoint, e -> new CopyOnWriteArrayList<>()).add(r);
        }
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private void publishTwice(OrderCancelled event) {
        try (OrderEventsPublisher publisher = OrderEventsPublisher.connect(rocketMq)) {
            publisher.publish(event);
            publisher.publish(event);
        }
    }
}
