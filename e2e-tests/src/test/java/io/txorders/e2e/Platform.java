package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.devstack.DevStack;
import io.txorders.devstack.FreePorts;
import io.txorders.devstack.ServiceProcess;
import io.txorders.devstack.ServiceProcesses;
import io.txorders.devstack.ServiceProcesses.Service;
import io.txorders.messaging.database.UtcConnections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole platform for end-to-end tests, once per JVM: the shared embedded stack and the three services as
 * separate processes on free ports, started from their built jars as run-local starts them.
 */
final class Platform {

    static final String ADMIN_TOKEN = "e2e-admin-token";
    private static final JsonMapper json = JsonMapper.shared();
    private static volatile Platform shared;

    final DevStack stack;
    /** Replaced when a check-back scenario kills and restarts it. */
    volatile ServiceProcess orders;
    /** A second order-producer instance (same group, same database) whose orders must be paid within 3 s. */
    final ServiceProcess ordersWithShortDeadline;
    final ServiceProcess inventory;
    final ServiceProcess points;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ServiceProcesses services;

    private Platform(DevStack stack, ServiceProcesses services) {
        this.stack = stack;
        this.services = services;
        this.orders = services.get("order-producer");
        this.ordersWithShortDeadline = services.get("order-producer-3s");
        this.inventory = services.get("inventory-consumer");
        this.points = services.get("points-consumer");
    }

    static Platform get() {
        if (shared == null) {
            synchronized (Platform.class) {
                if (shared == null) {
                    shared = start();
                }
            }
        }
        return shared;
    }

    private static Platform start() {
        DevStack stack = DevStack.shared();
        Path repo = Path.of(System.getProperty("txorders.repo", "..")).toAbsolutePath().normalize();
        ServiceProcesses services = ServiceProcesses.against(stack, repo, Path.of("target", "e2e-logs").toAbsolutePath())
                .progressTo(System.out);
        services.clearLogs();
        // All at once and briefly: Surefire halts this JVM a few seconds after the tests, and a service left
        // running would outlive the build.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> services.stopAll(Duration.ofSeconds(3)),
                "e2e-services-shutdown"));
        try {
            services.start(List.of(
                    service("order-producer", "order-producer", ORDER_PRODUCER_ARGS),
                    service("inventory-consumer", "inventory-consumer", List.of()),
                    service("points-consumer", "points-consumer", List.of()),
                    service("order-producer-3s", "order-producer", List.of("--order.payment-timeout=3s",
                            "--order.timeout-sweep.interval=5s", "--order.timeout-sweep.grace=5s"))),
                    Duration.ofMinutes(3));
        } catch (RuntimeException e) {
            // A later test class tries again: leave nothing of this attempt running.
            services.stopAll(Duration.ofSeconds(10));
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Platform(stack, services);
    }

    /**
     * Every process of the platform runs in a time zone of its own, none of them UTC and none the test JVM's
     * (failsafe sets TZ for it): the two order-producer instances are 24 hours apart, St John's and Kathmandu
     * have odd offsets, Adak and St John's change for DST. Stored times must mean the same instant to all of them.
     */
    static final Map<String, String> ZONES = Map.of("order-producer", "Pacific/Kiritimati",
            "order-producer-3s", "America/Adak", "inventory-consumer", "America/St_Johns",
            "points-consumer", "Asia/Kathmandu");

    /** A service on a free port of its own (kept when it restarts), with the admin token and its time zone. */
    private static Service service(String name, String jar, List<String> args) {
        return new Service(name, jar, FreePorts.any(), Map.of("TXORDERS_ADMIN_TOKEN", ADMIN_TOKEN,
                "TZ", ZONES.get(name)), args);
    }

    /** The main order-producer instance lets the check-back simulation switch its fault mode. */
    private static final List<String> ORDER_PRODUCER_ARGS = List.of("--order.fault.switchable=true");

    /** SIGKILLs the main order-producer instance and starts it again on the same port; returns when healthy. */
    synchronized void killAndRestartOrders(java.util.function.Consumer<String> timeline) throws Exception {
        orders = services.killAndRestart("order-producer", timeline);
    }

    /** The service log files. */
    List<Path> logFiles() {
        return services.logFiles();
    }

    /** An HTTP response with its body. */
    record Response(int status, String body) {
        JsonNode json() {
            return Platform.json.readTree(body);
        }
    }

    Response post(ServiceProcess service, String path, String body) {
        return send(HttpRequest.newBuilder(uri(service, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response put(ServiceProcess service, String path, String body) {
        return send(HttpRequest.newBuilder(uri(service, path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response get(ServiceProcess service, String path) {
        return send(HttpRequest.newBuilder(uri(service, path)).GET());
    }

    /**
     * The environment the operations tools (scripts/reconcile.sh, replay.sh, dlq.sh) need for this platform: its
     * database, name server, admin token and service URLs (both order-producer instances are one group).
     */
    Map<String, String> toolEnvironment() {
        return Map.of("TXORDERS_DB_HOST", "127.0.0.1",
                "TXORDERS_DB_PORT", Integer.toString(stack.ports().database()),
                "TXORDERS_ADMIN_TOKEN", ADMIN_TOKEN,
                "ROCKETMQ_NAMESRV_ADDR", "127.0.0.1:" + stack.ports().namesrv(),
                "TXORDERS_ORDER_URL", url(orders) + "," + url(ordersWithShortDeadline),
                "TXORDERS_INVENTORY_URL", url(inventory),
                "TXORDERS_POINTS_URL", url(points));
    }

    /** A SKU no other test uses ({@code prefix} and a random suffix), with {@code available} units in stock. */
    String stockedSku(String prefix, int available) {
        String sku = prefix + UUID.randomUUID().toString().substring(0, 8);
        assertThat(put(inventory, "/stock/" + sku, "{\"available\":" + available + "}").status()).isEqualTo(200);
        return sku;
    }

    /** Places a one-item order (21.50) and waits until inventory's answer made it RESERVED. */
    String placeAndAwaitReserved(long user, String sku) {
        Response placed = post(orders, "/orders", """
                {"userId":%d,"items":[{"sku":"%s","quantity":1,"unitPrice":"21.50"}]}""".formatted(user, sku));
        if (placed.status() != 201) {
            throw new AssertionError("placement answered " + placed.status() + ": " + placed.body());
        }
        String orderNo = placed.json().path("orderNo").asString();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(
                get(orders, "/orders/" + orderNo).json().path("status").asString()));
        return orderNo;
    }

    /** The id of the order's committed event of that type (the idempotency key end to end). */
    String eventId(String orderNo, String eventType) throws SQLException {
        try (Connection db = database("order_db");
             var query = db.prepareStatement("SELECT tx_id FROM tx_state WHERE order_no = ? AND event_type = ? "
                     + "AND state = 'COMMITTED'")) {
            query.setString(1, orderNo);
            query.setString(2, eventType);
            try (var rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("no committed " + eventType + " for " + orderNo);
                }
                return rows.getString(1);
            }
        }
    }

    private static String url(ServiceProcess service) {
        return "http://127.0.0.1:" + service.port();
    }

    /** A read-only look into a service's database, for assertions across many rows. */
    Connection database(String name) throws SQLException {
        return UtcConnections.open(stack.jdbcUrl(name) + "?useSSL=false", stack.dbUser(), stack.dbPassword());
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(ServiceProcess service, String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }
}
