package io.txorders.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.txorders.devstack.DevStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A service started before its database (both restarted together, a database pod scheduled later): it waits, without
 * exiting, and starts once the database takes connections. It used to fail its start-up at the first refused
 * connection. The devstack's real database, behind a {@link DatabaseGate} that drops connections at first.
 */
@ExtendWith(DevStackExtension.class)
class DatabaseNotReadyAtStartupIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void waitsForItsDatabaseAndStartsOnceItAnswers() throws Exception {
        int databasePort = Integer.parseInt(System.getProperty("txorders.db.port"));
        try (DatabaseGate gate = DatabaseGate.closedInFrontOf(databasePort)) {
            CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture.supplyAsync(() ->
                    new SpringApplicationBuilder(PointsConsumerApplication.class)
                            .run("--server.port=0", "--txorders.db.port=" + gate.port()));

            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> gate.dropped() >= 3 || starting.isDone());
                assertThat(starting).as("still starting, waiting for its database").isNotDone();

                gate.open();
                ConfigurableApplicationContext service = starting.get(120, TimeUnit.SECONDS);
                String base = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");
                HttpResponse<String> points = http.send(HttpRequest.newBuilder(URI.create(base + "/points/424242"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(points.statusCode()).as(points.body()).isEqualTo(200);
            } finally {
                // Whenever it started, on this path or a failing one, it is stopped.
                starting.thenAccept(ConfigurableApplicationContext::close);
            }
        }
    }
}
