package io.txorders.order.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.order.support.OrderProducerIntegrationTest;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every invalid body is a 400 problem naming the field, never a 500 and never a partial write. */
class OrderValidationIT extends OrderProducerIntegrationTest {

    static Stream<Arguments> badBodies() {
        String sku65 = "S".repeat(65);
        String fiftyOneItems = "[" + String.join(",", java.util.Collections.nCopies(51,
                "{\"sku\":\"X\",\"quantity\":1,\"unitPrice\":\"1\"}")) + "]";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"userId\":1,\"items\":[", "body"),
                Arguments.of("userId twice", "{\"userId\":1,\"userId\":2,\"items\":[{\"sku\":\"A\",\"quantity\":1,"
                        + "\"unitPrice\":\"1\"}]}", "body"),
                Arguments.of("not JSON at all", "hello", "body"),
                Arguments.of("empty body", "", "body"),
                Arguments.of("array instead of object", "[{\"userId\":1}]", "body"),
                Arguments.of("missing userId", "{\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":\"1\"}]}", "userId"),
                Arguments.of("userId zero", body("0", "\"A\"", "1", "\"1\""), "userId"),
                Arguments.of("userId negative", body("-5", "\"A\"", "1", "\"1\""), "userId"),
                Arguments.of("userId not a number", body("\"abc\"", "\"A\"", "1", "\"1\""), "userId"),
                Arguments.of("userId an object", body("{\"id\":1}", "\"A\"", "1", "\"1\""), "userId"),
                Arguments.of("missing items", "{\"userId\":1}", "items"),
                Arguments.of("items empty", "{\"userId\":1,\"items\":[]}", "items"),
                Arguments.of("items an object", "{\"userId\":1,\"items\":{\"sku\":\"A\"}}", "items"),
                Arguments.of("items a string", "{\"userId\":1,\"items\":\"A\"}", "items"),
                Arguments.of("51 items", "{\"userId\":1,\"items\":" + fiftyOneItems + "}", "items"),
                Arguments.of("null item", "{\"userId\":1,\"items\":[null]}", "items[0]"),
                Arguments.of("item an array", "{\"userId\":1,\"items\":[[1,2]]}", "items[0]"),
                Arguments.of("sku missing", "{\"userId\":1,\"items\":[{\"quantity\":1,\"unitPrice\":\"1\"}]}", "items[0].sku"),
                Arguments.of("sku blank", body("1", "\"  \"", "1", "\"1\""), "items[0].sku"),
                Arguments.of("sku too long", body("1", "\"" + sku65 + "\"", "1", "\"1\""), "items[0].sku"),
                Arguments.of("sku a number", body("1", "{\"x\":1}", "1", "\"1\""), "items[0].sku"),
                Arguments.of("quantity zero", body("1", "\"A\"", "0", "\"1\""), "items[0].quantity"),
                Arguments.of("quantity 1001", body("1", "\"A\"", "1001", "\"1\""), "items[0].quantity"),
                Arguments.of("quantity fractional", body("1", "\"A\"", "1.5", "\"1\""), "items[0].quantity"),
                Arguments.of("quantity a word", body("1", "\"A\"", "\"two\"", "\"1\""), "items[0].quantity"),
                Arguments.of("quantity missing", "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"unitPrice\":\"1\"}]}", "items[0].quantity"),
                Arguments.of("unitPrice zero", body("1", "\"A\"", "1", "\"0\""), "items[0].unitPrice"),
                Arguments.of("unitPrice negative", body("1", "\"A\"", "1", "-3"), "items[0].unitPrice"),
                Arguments.of("unitPrice three decimals", body("1", "\"A\"", "1", "\"1.999\""), "items[0].unitPrice"),
                Arguments.of("unitPrice not a number", body("1", "\"A\"", "1", "\"cheap\""), "items[0].unitPrice"),
                Arguments.of("unitPrice an array", body("1", "\"A\"", "1", "[1]"), "items[0].unitPrice"),
                Arguments.of("unitPrice missing", "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":1}]}", "items[0].unitPrice"),
                Arguments.of("sku of Unicode white space only", body("1", "\"\u2003\u00a0\u3000\"", "1", "\"1\""),
                        "items[0].sku"),
                Arguments.of("total beyond DECIMAL(14,2)", body("1", "\"A\"", "1000", "\"1000000000.00\""), "items"),
                Arguments.of("the same SKU twice", "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":1,"
                        + "\"unitPrice\":\"1\"},{\"sku\":\" A \",\"quantity\":2,\"unitPrice\":\"1\"}]}", "items"));
    }

    private static String body(String userId, String sku, String quantity, String unitPrice) {
        return "{\"userId\":%s,\"items\":[{\"sku\":%s,\"quantity\":%s,\"unitPrice\":%s}]}"
                .formatted(userId, sku, quantity, unitPrice);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodyIsA400ProblemNamingTheField(String name, String body, String field) {
        int ordersBefore = jdbc.queryForObject("SELECT COUNT(*) FROM orders", Integer.class);

        Response response = post("/orders", body);

        assertThat(response.status()).as(response.raw().body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("errors").findValuesAsString("field")).contains(field);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders", Integer.class)).isEqualTo(ordersBefore);
    }

    @Test
    void anInvalidIdempotencyKeyIsA400() {
        Response response = post("/orders", orderJson(1, "A", 1, "1"), Map.of("Idempotency-Key", "x".repeat(129)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").findValuesAsString("field")).contains("Idempotency-Key");
    }

    @Test
    void aBodyOver64KilobytesIsA413Problem() {
        String huge = "{\"userId\":1,\"items\":[{\"sku\":\"" + "A".repeat(70_000) + "\",\"quantity\":1,\"unitPrice\":\"1\"}]}";

        Response response = post("/orders", huge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void aWrongContentTypeIsA415Problem() {
        Response response = post("/orders", orderJson(1, "A", 1, "1"), Map.of("Content-Type", "text/plain"));

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }
}
