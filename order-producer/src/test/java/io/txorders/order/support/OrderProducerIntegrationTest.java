package io.txorders.order.support;

import io.txorders.devstack.DevStackExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of order-producer's integration tests: the real application on a random port against the shared
 * embedded MariaDB and RocketMQ; one Spring context for all subclasses.
 */
@ExtendWith(DevStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // A check-back waits at most this long for a local transaction's row lock before answering UNKNOWN.
        "order.lock-wait-timeout-seconds=8",
        // The embedded broker gives up on a half message after ~3 s + 15 checks about a second apart; a committed
        // publish still unconfirmed well after that counts as discarded and is republished.
        "txorders.publisher.recovery.after=45s", "txorders.publisher.recovery.interval=2s",
        "txorders.publisher.recovery.lease=10s",
        // Longer than the embedded broker's first check (~3-5 s), shorter than the lock wait above.
        "order.fault.slow-local-tx=6s",
        "txorders.admin-token=" + OrderProducerIntegrationTest.ADMIN_TOKEN,
        // Quick webhook retries for the tests.
        "webhooks.retry.base-delay=400ms", "webhooks.retry.max-delay=5s", "webhooks.retry.max-attempts=4",
        "webhooks.poll-interval=50ms",
        "webhooks.request-timeout=1s",
        // A change of the webhook subscriptions is in effect after refresh (1s) + this + rocketmq.request-timeout + 2s.
        "webhooks.consumer.await=1s",
        // The inbox consumers' "nothing to do" lines too: OrderPlacementIT reads the trace id in one.
        "logging.level.io.txorders.messaging.inbox=DEBUG"})
public abstract class OrderProducerIntegrationTest {

    protected static final String ADMIN_TOKEN = "test-admin-token";
    protected static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    protected static final JsonMapper json = JsonMapper.shared();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    /** A response with its body parsed. */
    public record Response(int status, HttpResponse<String> raw) {
        public JsonNode json() {
            return OrderProducerIntegrationTest.json.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    protected Response post(String path, String body) {
        return post(path, body, Map.of());
    }

    protected Response post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::setHeader);
        return send(request.build());
    }

    protected Response get(String path) {
        return get(path, Map.of());
    }

    protected Response get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::setHeader);
        return send(request.build());
    }

    protected Response delete(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).DELETE();
        headers.forEach(request::setHeader);
        return send(request.build());
    }

    /** Moves an order's payment deadline, e.g. into the past instead of waiting for it. */
    protected void movePaymentDeadline(String orderNo, Instant deadline) {
        jdbc.update("UPDATE orders SET payment_deadline = ? WHERE order_no = ?", Timestamp.from(deadline), orderNo);
    }

    protected static Map<String, String> admin() {
        return Map.of("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    protected static String orderJson(long userId, String sku, int quantity, String unitPrice) {
        return """
                {"userId":%d,"items":[{"sku":"%s","quantity":%d,"unitPrice":"%s"}]}""".formatted(userId, sku, quantity, unitPrice);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
