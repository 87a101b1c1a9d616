package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.txorders.devstack.ServiceProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real answers of every endpoint (happy paths and the main error paths) validated against the service's own
 * {@code /v3/api-docs} by swagger-request-validator: status declared, media type, body schema (money as "19.90"
 * strings, null where a value may be absent, problem {@code instance} a relative reference, no undocumented member)
 * and declared headers. The 2.x validator (3.x needs Java 21) reads OpenAPI 3.0 fully but not 3.1, which is one reason
 * the services publish 3.0 documents; its {@code uri} format is made strict by {@link StrictUriFormats}.
 * A second test shows the validator is strict enough to catch the mismatches issue 19 found, by validating the same
 * answers against the document with those mistakes put back.
 */
class ApiContractIT {

    private static final Platform platform = Platform.get();
    private static final JsonMapper json = JsonMapper.shared();
    private static final String TOKEN = "Bearer " + Platform.ADMIN_TOKEN;

    /** One recorded exchange: which documented operation it was and what came back. */
    record Exchange(ServiceProcess service, String path, Request.Method method, RawHttp.Response response) {
        @Override
        public String toString() {
            return service.name() + " " + method + " " + path + " -> " + response.describe();
        }
    }

    private static final List<Exchange> exchanges = new ArrayList<>();

    @BeforeAll
    static void recordRealAnswers() {
        String sku = "CONTRACT-" + UUID.randomUUID();
        record(platform.inventory, "PUT", "/stock/" + sku, "/stock/{sku}", TOKEN, "{\"available\":5}");
        record(platform.inventory, "PUT", "/stock/" + sku, "/stock/{sku}", null, "{\"available\":5}");
        record(platform.inventory, "PUT", "/stock/" + sku, "/stock/{sku}", TOKEN, "{\"available\":-1}");
        record(platform.inventory, "GET", "/stock/" + sku, "/stock/{sku}", null, null);
        record(platform.inventory, "GET", "/stock/NOPE-" + sku, "/stock/{sku}", null, null);
        record(platform.inventory, "GET", "/admin/outbox", "/admin/outbox", TOKEN, null);
        record(platform.inventory, "GET", "/admin/outbox?limit=0", "/admin/outbox", TOKEN, null);
        record(platform.inventory, "POST", "/admin/outbox/999999999/requeue", "/admin/outbox/{id}/requeue", TOKEN, "");

        String order = "{\"userId\":7,\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1,\"unitPrice\":\"19.9\"}]}";
        RawHttp.Response placed = record(platform.orders, "POST", "/orders", "/orders", null, order);
        String orderNo = body(placed).path("orderNo").asString();
        String key = UUID.randomUUID().toString();
        record(platform.orders, "POST", "/orders", "/orders", null, order, Map.of("Idempotency-Key", key));
        record(platform.orders, "POST", "/orders", "/orders", null, order, Map.of("Idempotency-Key", key));
        record(platform.orders, "POST", "/orders", "/orders", null, order.replace("19.9", "29.9"),
                Map.of("Idempotency-Key", key));
        record(platform.orders, "POST", "/orders", "/orders", null, "{\"userId\":0,\"items\":[]}");
        record(platform.orders, "GET", "/orders/" + orderNo, "/orders/{orderNo}", null, null);
        record(platform.orders, "GET", "/orders/NOPE", "/orders/{orderNo}", null, null);
        record(platform.orders, "POST", "/orders/NOPE/pay", "/orders/{orderNo}/pay", null, "");
        record(platform.orders, "POST", "/orders/" + orderNo + "/cancel", "/orders/{orderNo}/cancel", null, "");
        record(platform.orders, "POST", "/orders/" + orderNo + "/pay", "/orders/{orderNo}/pay", null, "");
        record(platform.orders, "GET", "/orders/" + orderNo, "/orders/{orderNo}", null, null);
        String paid = platform.placeAndAwaitReserved(8, sku);
        record(platform.orders, "POST", "/orders/" + paid + "/pay", "/orders/{orderNo}/pay", null, "");
        record(platform.orders, "GET", "/webhooks", "/webhooks", null, null);
        record(platform.orders, "GET", "/webhooks", "/webhooks", TOKEN, null);
        record(platform.orders, "GET", "/webhooks/failed", "/webhooks/failed", TOKEN, null);
        record(platform.orders, "DELETE", "/webhooks/999999999", "/webhooks/{id}", TOKEN, null);
        record(platform.orders, "GET", "/admin/fault-mode", "/admin/fault-mode", TOKEN, null);
        record(platform.orders, "POST", "/admin/transactions/" + UUID.randomUUID() + "/republish",
                "/admin/transactions/{txId}/republish", TOKEN, "");

        for (ServiceProcess service : List.of(platform.orders, platform.inventory, platform.points)) {
            record(service, "GET", "/admin/consumers", "/admin/consumers", TOKEN, null);
            record(service, "GET", "/admin/consumers", "/admin/consumers", "Bearer wrong", null);
            record(service, "GET", "/admin/dead-letters", "/admin/dead-letters", TOKEN, null);
            record(service, "GET", "/admin/dead-letters?limit=abc", "/admin/dead-letters", TOKEN, null);
            record(service, "GET", "/admin/dead-letters/999999999", "/admin/dead-letters/{id}", TOKEN, null);
            record(service, "POST", "/admin/dead-letters/999999999/resubmit", "/admin/dead-letters/{id}/resubmit",
                    TOKEN, "");
        }
        record(platform.points, "GET", "/points/8", "/points/{userId}", null, null);
        record(platform.points, "GET", "/points/-1", "/points/{userId}", null, null);
        record(platform.points, "GET", "/points/abc", "/points/{userId}", null, null);
    }

    @Test
    void everyRecordedAnswerIsWhatTheDocumentSays() {
        Map<ServiceProcess, OpenApiInteractionValidator> validators = new LinkedHashMap<>();
        List<String> mismatches = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            OpenApiInteractionValidator validator = validators.computeIfAbsent(exchange.service(),
                    service -> validatorFor(document(service)));
            mismatches.addAll(mismatches(validator, exchange));
        }
        assertThat(exchanges).hasSizeGreaterThan(40);
        assertThat(mismatches).isEmpty();
    }

    /**
     * The mistakes issue 19 found, put back into today's documents: money as a number, cancelReason a non-null string,
     * instance an absolute URI. The validator must reject the real answers then, or the test above proves nothing.
     */
    @Test
    void theValidatorCatchesTheMismatchesTheIssueFound() {
        ObjectNode orders = document(platform.orders);
        ObjectNode schemas = (ObjectNode) orders.path("components").path("schemas");
        ((ObjectNode) schemas.path("Item").path("properties").path("unitPrice")).removeAll().put("type", "number");
        ((ObjectNode) schemas.path("OrderResponse").path("properties").path("cancelReason")).remove("nullable");
        ((ObjectNode) schemas.path("ProblemDetail").path("properties").path("instance")).put("format", "uri");
        OpenApiInteractionValidator old = validatorFor(orders);

        List<String> found = exchanges.stream().filter(e -> e.service() == platform.orders)
                .flatMap(e -> mismatches(old, e).stream()).toList();

        assertThat(found).anyMatch(m -> m.contains("unitPrice") && m.contains("string"));
        assertThat(found).anyMatch(m -> m.contains("cancelReason") && m.contains("null"));
        assertThat(found).anyMatch(m -> m.contains("instance"));
    }

    private static List<String> mismatches(OpenApiInteractionValidator validator, Exchange exchange) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(exchange.response().status())
                .withBody(exchange.response().body());
        exchange.response().headers().forEach(response::withHeader);
        ValidationReport report = validator.validateResponse(exchange.path(), exchange.method(), response.build());
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> exchange + ": " + m.getMessage()).toList();
    }

    private static OpenApiInteractionValidator validatorFor(JsonNode document) {
        return OpenApiInteractionValidator.createForInlineApiSpecification(json.writeValueAsString(document))
                .withSchemaFactorySupplier(StrictUriFormats::schemaFactory)
                .build();
    }

    private static ObjectNode document(ServiceProcess service) {
        return (ObjectNode) platform.get(service, "/v3/api-docs").json();
    }

    private static RawHttp.Response record(ServiceProcess service, String method, String target, String path,
                                           String authorization, String body) {
        return record(service, method, target, path, authorization, body, Map.of());
    }

    private static RawHttp.Response record(ServiceProcess service, String method, String target, String path,
                                           String authorization, String body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("Accept", "application/json, application/problem+json");
        if (body != null && !body.isEmpty()) {
            headers.put("Content-Type", "application/json");
        }
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        RawHttp.Response response = RawHttp.send(service.port(), new RawHttp.Request(method, target, headers,
                body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        exchanges.add(new Exchange(service, path, Request.Method.valueOf(method), response));
        return response;
    }

    private static JsonNode body(RawHttp.Response response) {
        return json.readTree(response.body());
    }
}
