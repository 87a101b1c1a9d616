package io.txorders.inventory.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.inventory.support.InventoryIntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

class StockApiIT extends InventoryIntegrationTest {

    private static final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void anAdminSetsStockAndAnyoneReadsIt() throws Exception {
        String sku = "SKU-" + UUID.randomUUID();

        HttpResponse<String> put = put(sku, "{\"available\":100}", "Bearer test-admin-token");
        HttpResponse<String> get = get(sku);

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).contains("\"available\":100").contains("\"reserved\":0").contains("\"sold\":0");
    }

    @Test
    void restockingKeepsReservedAndSoldAndTheInvariant() throws Exception {
        String sku = "SKU-" + UUID.randomUUID();
        jdbc.update("INSERT INTO stock (sku, available, reserved, sold, stocked, version, updated_at) "
                + "VALUES (?, 2, 3, 5, 10, 0, NOW(3))", sku);

        HttpResponse<String> put = put(sku, "{\"available\":20}", "Bearer test-admin-token");

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(stockOf(sku)).containsExactly(20, 3, 5);
        assertThat(jdbc.queryForObject("SELECT stocked FROM stock WHERE sku = ?", Integer.class, sku)).isEqualTo(28);
    }

    @Test
    void settingStockWithoutTheTokenIs401() throws Exception {
        String sku = "SKU-" + UUID.randomUUID();

        assertThat(put(sku, "{\"available\":1}", null).statusCode()).isEqualTo(401);
        assertThat(put(sku, "{\"available\":1}", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get(sku).statusCode()).isEqualTo(404);
    }

    /** The token is checked first: an anonymous caller gets no 400 telling it what a valid request looks like. */
    @Test
    void withoutTheTokenAnInvalidSkuOrBodyIsStill401() throws Exception {
        assertThat(put("%20SKU-1", "{\"available\":1}", null).statusCode()).isEqualTo(401);
        assertThat(put("SKU-" + UUID.randomUUID(), "{\"available\":-1}", null).statusCode()).isEqualTo(401);
        assertThat(put("SKU-" + UUID.randomUUID(), "nope", "Bearer wrong").statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"available\":-1}", "{}", "{\"available\":\"many\"}", "[1]", "nope", "{\"available\":1.5}"})
    void badStockBodiesAre400Problems(String body) throws Exception {
        HttpResponse<String> response = put("SKU-" + UUID.randomUUID(), body, "Bearer test-admin-token");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    /** No order could name such a SKU: orders strip space of any kind from both ends of theirs. */
    @ParameterizedTest
    @ValueSource(strings = {"%20SKU-1", "SKU-1%20", "SKU-1%C2%A0", "SKU-1%E2%80%AF", "SKU-1%09"})
    void aSkuWithSpaceAtEitherEndIsA400Problem(String encodedSku) throws Exception {
        HttpResponse<String> response = put(encodedSku, "{\"available\":1}", "Bearer test-admin-token");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("must not start or end with space of any kind");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    /**
     * Spring's FormContentFilter parses a form body of a PUT before any controller: one it cannot decode was a 500,
     * since no MVC exception handler sees a filter's failure.
     */
    @Test
    void aFormBodyThatCannotBeDecodedIsA400Problem() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/stock/SKU-" + UUID.randomUUID()))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Bearer test-admin-token")
                .PUT(HttpRequest.BodyPublishers.ofString("available=%zz")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    /** Refused before anything reads it, token or not: a body of any size used to be parsed before the token check. */
    @Test
    void aBodyOver64KilobytesIsA413ProblemWhetherItsLengthIsDeclaredOrItIsChunked() throws Exception {
        String huge = "{\"available\":1,\"note\":\"" + "A".repeat(70_000) + "\"}";
        URI uri = URI.create("http://127.0.0.1:" + port + "/stock/SKU-" + UUID.randomUUID());

        HttpResponse<String> declared = put(uri.getPath().substring("/stock/".length()), huge, null);
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", "Bearer test-admin-token")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(declared, chunked)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    @Test
    void unknownSkuIs404Problem() throws Exception {
        HttpResponse<String> response = get("NOPE-" + UUID.randomUUID());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private HttpResponse<String> put(String sku, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stock/" + sku))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String sku) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stock/" + sku)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
