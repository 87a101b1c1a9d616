package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the JDK's own HTTP server: framing, keep-alive and closed connections. */
class KeepAliveHttpClientTest {

    private HttpServer server;
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private KeepAliveHttpClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            byte[] body = exchange.getRequestBody().readAllBytes();
            String reply = exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " " + new String(body, StandardCharsets.UTF_8);
            respond(exchange, 201, reply, false);
        });
        server.createContext("/chunked", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            respond(exchange, 200, "x".repeat(20_000) + "é", true);
        });
        server.createContext("/close", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Connection", "close");
            respond(exchange, 409, "{\"title\":\"conflict\"}", false);
        });
        server.createContext("/empty", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        client = new KeepAliveHttpClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), 5_000);
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void sendsTheJsonBodyAndReusesTheConnection() throws IOException {
        var first = client.send("POST", "/echo", "{\"userId\":1}");
        var second = client.send("POST", "/echo", "{\"userId\":2}");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body()).isEqualTo("POST application/json {\"userId\":1}");
        assertThat(second.body()).isEqualTo("POST application/json {\"userId\":2}");
        assertThat(clientPorts).hasSize(2).containsOnly(clientPorts.get(0));
    }

    @Test
    void readsAChunkedBodyWholeAndKeepsTheConnection() throws IOException {
        var chunked = client.send("GET", "/chunked", null);
        var next = client.send("POST", "/echo", "{}");

        assertThat(chunked.status()).isEqualTo(200);
        assertThat(chunked.body()).hasSize(20_001).endsWith("xé");
        assertThat(next.body()).isEqualTo("POST application/json {}");
        assertThat(clientPorts).hasSize(2).containsOnly(clientPorts.get(0));
    }

    @Test
    void aNoContentAnswerEndsAtItsHeaders() throws IOException {
        var empty = client.send("DELETE", "/empty", null);
        var next = client.send("POST", "/echo", "{}");

        assertThat(empty.status()).isEqualTo(204);
        assertThat(empty.body()).isEmpty();
        assertThat(next.status()).isEqualTo(201);
        assertThat(clientPorts).hasSize(2).containsOnly(clientPorts.get(0));
    }

    @Test
    void opensANewConnectionAfterConnectionClose() throws IOException {
        var closing = client.send("POST", "/close", "{}");
        var next = client.send("POST", "/echo", "{}");

        assertThat(closing.status()).isEqualTo(409);
        assertThat(closing.body()).isEqualTo("{\"title\":\"conflict\"}");
        assertThat(next.status()).isEqualTo(201);
        assertThat(clientPorts).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void failsWhenNothingListensAndRecoversOnceTheServerIsThere() throws IOException {
        int port = server.getAddress().getPort();
        server.stop(0);
        assertThatThrownBy(() -> client.send("POST", "/echo", "{}")).isInstanceOf(IOException.class);

        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/echo", exchange -> respond(exchange, 201, "back", false));
        server.start();
        assertThat(client.send("POST", "/echo", "{}").body()).isEqualTo("back");
    }

    private static void respond(HttpExchange exchange, int status, String body, boolean chunked) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
