package io.txorders.cli.republish;

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

/** {@code scripts/republish.sh} against a stand-in for order-producer's transaction admin API (the JDK's HTTP server). */
class RepublishCommandTest {

    private static final String TOKEN = "secret";
    private static final String COMMITTED = "0b6f2c1e-0000-4000-8000-000000000001";
    private static final String ROLLED_BACK = "0b6f2c1e-0000-4000-8000-000000000002";

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/admin/transactions", exchange -> {
            String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            requests.add(request);
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, problem(401, "the admin token is wrong"));
            } else if (request.equals("POST /admin/transactions/" + COMMITTED + "/republish")) {
                respond(exchange, 200, "{\"txId\":\"" + COMMITTED + "\",\"outcome\":\"REPUBLISHED\"}");
            } else if (request.equals("POST /admin/transactions/" + ROLLED_BACK + "/republish")) {
                respond(exchange, 409, problem(409, "transaction " + ROLLED_BACK + " was rolled back"));
            } else {
                respond(exchange, 404, problem(404, "no such transaction"));
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aCommittedEventIsRepublishedAndTheExitCodeIsZero() {
        assertThat(run(env(TOKEN), COMMITTED)).isZero();

        assertThat(requests).containsExactly("POST /admin/transactions/" + COMMITTED + "/republish");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(COMMITTED + " REPUBLISHED");
    }

    @Test
    void everyEventIsTriedAndOneThatCannotBeRepublishedMakesTheExitCodeOne() {
        assertThat(run(env(TOKEN), ROLLED_BACK, COMMITTED)).isEqualTo(1);

        assertThat(requests).containsExactly("POST /admin/transactions/" + ROLLED_BACK + "/republish",
                "POST /admin/transactions/" + COMMITTED + "/republish");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(ROLLED_BACK, "409", "rolled back");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(COMMITTED + " REPUBLISHED");
    }

    @Test
    void usageTokenAndConnectionProblemsExitTwo() {
        assertThat(run(env(TOKEN))).as("no event id").isEqualTo(2);
        assertThat(run(env(TOKEN), "42")).as("not an event id").isEqualTo(2);
        assertThat(run(Map.of(), COMMITTED)).as("no token").isEqualTo(2);
        assertThat(run(env("wrong"), COMMITTED)).as("token refused").isEqualTo(2);
        assertThat(run(Map.of("TXORDERS_ADMIN_TOKEN", TOKEN, "TXORDERS_ORDER_URL", "http://127.0.0.1:1"), COMMITTED))
                .as("unreachable").isEqualTo(2);
        assertThat(requests).as("only the refused token reached the service").hasSize(1);
    }

    private Map<String, String> env(String token) {
        return Map.of("TXORDERS_ADMIN_TOKEN", token,
                "TXORDERS_ORDER_URL", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private int run(Map<String, String> env, String... args) {
        return RepublishCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
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
