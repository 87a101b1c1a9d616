package io.txorders.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.devstack.BareRocketMq;
import io.txorders.devstack.DevStackExtension;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.OrderLine;
import io.txorders.messaging.contract.OrderPaid;
import io.txorders.testsupport.OrderEventsPublisher;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service whose broker is not set up yet when it starts (a Kubernetes pod started before its broker, the start-up
 * race of a fresh clone): the context comes up anyway, not ready and alive, keeps building its RocketMQ clients, and
 * once the topics exist becomes ready and consumes. Real broker (a second embedded RocketMQ with no topics at first)
 * and the devstack's real database.
 */
@ExtendWith(DevStackExtension.class)
class BrokerNotReadyAtStartupIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsBeforeItsTopicsExistAndConsumesOnceTheyDo() throws Exception {
        // A start-up timeout well beyond this test's waits: giving up would exit the test JVM.
        try (BareRocketMq broker = BareRocketMq.start();
             ConfigurableApplicationContext service = new SpringApplicationBuilder(PointsConsumerApplication.class)
                     .run("--server.port=0", "--rocketmq.endpoints=" + broker.endpoint(),
                             "--txorders.rocketmq.startup-timeout=15m", "--txorders.rocketmq.initial-backoff=200ms",
                             "--txorders.rocketmq.max-backoff=2s")) {
            String base = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");

            // No topic yet: every attempt fails on its route, and the service says so, alive but not ready.
            await().atMost(Duration.ofSeconds(60)).until(() -> failedAttempts(base) >= 2);
            HttpResponse<String> readiness = get(base + "/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            JsonNode rocketMq = JsonMapper.shared().readTree(readiness.body()).path("components").path("rocketMq");
            assertThat(rocketMq.path("status").asString()).isEqualTo("DOWN");
            assertThat(rocketMq.path("details").path("lastFailure").asString()).contains("route");
            assertThat(rocketMq.path("details").path("gaveUp").asBoolean()).isFalse();
            assertThat(get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);
            MeterRegistry meters = service.getBean(MeterRegistry.class);
            assertThat(meters.get("txorders.rocketmq.clients.not-started").gauge().value()).isPositive();

            broker.createPlatformTopology(3);

            await().atMost(Duration.ofMinutes(2)).until(() -> get(base + "/actuator/health/readiness").statusCode()
                    == 200);
            assertThat(meters.get("txorders.rocketmq.clients.not-started").gauge().value()).isZero();
            assertThat(meters.get("txorders.rocketmq.client.start.failures").functionCounter().count())
                    .isGreaterThanOrEqualTo(2);
            long userId = ThreadLocalRandom.current().nextLong(3_000_000, 4_000_000);
            publishOrderPaid(service.getBean(ClientConfiguration.class), userId, "42.50");
            await().atMost(Duration.ofSeconds(60)).until(() -> JsonMapper.shared()
                    .readTree(get(base + "/points/" + userId).body()).path("balance").asLong() == 42);
        }
    }

    private int failedAttempts(String base) throws Exception {
        return JsonMapper.shared().readTree(get(base + "/actuator/health").body())
                .path("components").path("rocketMq").path("details").path("failedAttempts").asInt();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void publishOrderPaid(ClientConfiguration rocketMq, long userId, String total) {
        try (OrderEventsPublisher publisher = OrderEventsPublisher.connect(rocketMq)) {
            publisher.publish(new OrderPaid(EventIds.newId(), 1, Instant.now(), "O-" + userId, userId,
                    List.of(new OrderLine("SKU-P", 1, new BigDecimal(total))), new BigDecimal(total)));
        }
    }
}
