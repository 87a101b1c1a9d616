package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Baseline (d)'s endpoint: one publish per accepted order, and the answers a placement client expects. */
class MinimalPublishEndpointTest {

    private final AtomicInteger publishes = new AtomicInteger();
    private final AtomicBoolean brokerUp = new AtomicBoolean(true);

    @Test
    void anOrderIsPublishedOnceAndAnsweredCreatedWithItsNumber() throws Exception {
        try (MinimalPublishEndpoint endpoint = new MinimalPublishEndpoint(this::publish);
             KeepAliveHttpClient client = new KeepAliveHttpClient(endpoint.uri(), 5_000)) {
            KeepAliveHttpClient.Response first = client.send("POST", "/orders", order());
            KeepAliveHttpClient.Response second = client.send("POST", "/orders", order());

            assertThat(first.status()).isEqualTo(201);
            assertThat(first.body()).contains("\"status\":\"PENDING\"").contains("\"orderNo\":\"");
            assertThat(second.status()).isEqualTo(201);
            assertThat(publishes).hasValue(2);
        }
    }

    @Test
    void aBodyWithoutItemsIsRefusedWithoutPublishing() throws Exception {
        try (MinimalPublishEndpoint endpoint = new MinimalPublishEndpoint(this::publish);
             KeepAliveHttpClient client = new KeepAliveHttpClient(endpoint.uri(), 5_000)) {
            assertThat(client.send("POST", "/orders", "{\"userId\":1}").status()).isEqualTo(400);
            assertThat(client.send("POST", "/orders", "{oops").status()).isEqualTo(400);
            assertThat(publishes).hasValue(0);
        }
    }

    @Test
    void aFailedPublishIs503() throws Exception {
        brokerUp.set(false);
        try (MinimalPublishEndpoint endpoint = new MinimalPublishEndpoint(this::publish);
             KeepAliveHttpClient client = new KeepAliveHttpClient(endpoint.uri(), 5_000)) {
            assertThat(client.send("POST", "/orders", order()).status()).isEqualTo(503);
        }
    }

    private boolean publish() {
        if (!brokerUp.get()) {
            throw new IllegalStateException("broker down");
        }
        publishes.incrementAndGet();
        return true;
    }

    private static String order() {
        return "{\"userId\":7,\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1,\"unitPrice\":\"10.00\"}]}";
    }
}
