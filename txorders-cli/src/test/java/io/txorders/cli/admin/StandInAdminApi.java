package io.txorders.cli.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for a service's admin API (the JDK's HTTP server on a free port) for the CLI's command tests: it checks
 * the bearer token like the services do (401 problem otherwise), records every request as {@code "METHOD /path?query"}
 * and answers what the test's route function returns for it.
 */
public final class StandInAdminApi implements AutoCloseable {

    /** An answer: status and JSON body (a problem document when the status is 400 or more). */
    public record Answer(int status, String body) {

        public static Answer ok(String json) {
            return new Answer(200, json);
        }

        public static Answer problem(int status, String detail) {
            return new Answer(status, "{\"status\":" + status + ",\"title\":\"Problem\",\"detail\":\"" + detail + "\"}");
        }
    }

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private StandInAdminApi(HttpServer server) {
        this.server = server;
    }

    /**
     * Serves {@code contextPath} with {@code token}; other requests are answered by {@code route} (404 when it returns
     * null).
     */
    public static StandInAdminApi start(String contextPath, String token, Function<String, Answer> route) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            StandInAdminApi api = new StandInAdminApi(server);
            server.createContext(contextPath, exchange -> {
                String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
                api.requests.add(request);
                Answer answer = ("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                        ? route.apply(request) : Answer.problem(401, "the admin token is wrong");
                respond(exchange, answer == null ? Answer.problem(404, "no such thing") : answer);
            });
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL, e.g. for {@code TXORDERS_ORDER_URL}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request so far, as {@code "METHOD /path?query"}. */
    public List<String> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                answer.status() < 400 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
