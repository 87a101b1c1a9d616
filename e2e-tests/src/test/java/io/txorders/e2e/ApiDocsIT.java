package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.devstack.ServiceProcess;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Each service publishes its OpenAPI document (with the problem+json error shape) and Swagger UI. */
class ApiDocsIT {

    private final Platform platform = Platform.get();

    @Test
    void everyServiceDescribesItsApiIncludingTheProblemShape() {
        Map<ServiceProcess, String> expectedPath = Map.of(platform.orders, "/orders/{orderNo}/pay",
                platform.inventory, "/stock/{sku}", platform.points, "/points/{userId}");
        expectedPath.forEach((service, path) -> {
            Platform.Response docs = platform.get(service, "/v3/api-docs");
            assertThat(docs.status()).as(service.name()).isEqualTo(200);
            JsonNode json = docs.json();
            assertThat(json.path("openapi").asString()).startsWith("3.");
            assertThat(json.path("paths").has(path)).as(service.name() + " documents " + path).isTrue();
            assertThat(json.path("paths").has("/admin/dead-letters")).isTrue();
            assertThat(json.path("components").path("schemas").has("ProblemDetail")).as(service.name()).isTrue();
            assertThat(json.path("paths").path(path).findValue("default").path("content")
                    .has("application/problem+json")).as(service.name() + " " + path + " errors").isTrue();
            assertThat(platform.get(service, "/swagger-ui/index.html").status()).isEqualTo(200);
        });
    }
}
