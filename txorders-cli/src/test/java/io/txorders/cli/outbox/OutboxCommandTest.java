package io.txorders.cli.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code scripts/outbox.sh} against a stand-in for inventory-consumer's outbox admin API (the JDK's HTTP server). */
class OutboxCommandTest {

    private static final String TOKEN = "secret";

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/admin/outbox", exchange -> {
            String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            requests.add(request);
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, problem(401, "the admin token is wrong"));
            } else if (request.startsWith("GET /admin/outbox?")) {
                respond(exchange, 200, """
                        [{"id":42,"eventId":"0b6f2c1e-0000-4000-8000-000000000042","eventType":"StockReserved",
                          "orderNo":"T42","status":"DEAD","attempts":10,"lastError":"RocketMQ rejected StockReserved",
                          "createdAt":"2026-11-24T08:00:00Z","nextAttemptAt":"2026-11-24T08:08:31Z"}]""");
            } else if (request.equals("POST /admin/outbox/42/requeue")) {
                respond(exchange, 200, "{\"id\":42,\"outcome\":\"REQUEUED\"}");
            } else if (request.equals("POST /admin/outbox/43/requeue")) {
                respond(exchange, 409, problem(409, "outbox row 43 is not DEAD; only a DEAD row can be requeued"));
            } else if (request.equals("POST /admin/outbox/requeue-dead")) {
                respond(exchange, 200, "{\"requeued\":3}");
            } else {
                respond(exchange, 404, problem(404, "no such thing"));
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void helpNeedsNoTokenAndNamesEveryCommand() {
        assertThat(run(Map.of(), "--help")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("list", "requeue <id>", "requeue-dead",
                "TXORDERS_ADMIN_TOKEN");
        assertThat(requests).isEmpty();
    }

    @Test
    void listShowsTheDeadRowsByDefault() {
        assertThat(run(env(TOKEN), "list")).isZero();

        assertThat(requests).containsExactly("GET /admin/outbox?limit=50&status=DEAD");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("42", "DEAD", "T42", "RocketMQ rejected",
                "1 outbox row(s)");
    }

    @Test
    void listOfEveryStatusAsksForNone() {
        assertThat(run(env(TOKEN), "list", "--status", "all", "--limit=5")).isZero();

        assertThat(requests).containsExactly("GET /admin/outbox?limit=5");
    }

    @Test
    void requeueingADeadRowSucceedsAndARowThatIsNotDeadExitsOne() {
        assertThat(run(env(TOKEN), "requeue", "42")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("row 42 REQUEUED");

        assertThat(run(env(TOKEN), "requeue", "43")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("409", "not DEAD");
    }

    @Test
    void requeueDeadPrintsHowMany() {
        assertThat(run(env(TOKEN), "requeue-dead")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("3 DEAD row(s) requeued");
    }

    @Test
    void usageTokenAndConnectionProblemsExitTwo() {
        assertThat(run(Map.of(), "list")).as("no token").isEqualTo(2);
        assertThat(run(env(TOKEN), "requeue")).as("no id").isEqualTo(2);
        assertThat(run(env(TOKEN), "requeue", "forty-two")).as("not an id").isEqualTo(2);
        assertThat(run(env(TOKEN), "list", "--status", "LOST")).as("no such status").isEqualTo(2);
        assertThat(run(env(TOKEN), "purge")).as("no such command").isEqualTo(2);
        assertThat(run(env("wrong"), "requeue", "42")).as("token refused").isEqualTo(2);
        assertThat(run(Map.of("TXORDERS_ADMIN_TOKEN", TOKEN, "TXORDERS_INVENTORY_URL", "http://127.0.0.1:1"),
                "requeue-dead")).as("unreachable").isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("TXORDERS_ADMIN_TOKEN", "unreachable");
    }

    private Map<String, String> env(String token) {
        return Map.of("TXORDERS_ADMIN_TOKEN", token,
                "TXORDERS_INVENTORY_URL", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private int run(Map<String, String> env, String... args) {
        return OutboxCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String problem(int status, String detail) {
        return "{\"status\":" + status + ",\"title\":\"Problem\",\"detail\":\"" + detail + "\"}";
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status < 400 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
