package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker (name server, broker, proxy) stopped and started again while orders are placed
 * (-Pfaults). Orders placed during the outage fail fast with a 503 problem, or are accepted and delivered once
 * the broker is back (a local commit whose end-transaction was lost is committed by check-back); none is lost,
 * none is applied twice, and every order agrees with stock.
 */
class BrokerOutageFaultIT {

    private final Platform platform = Platform.get();

    @Test
    void placementsDuringABrokerOutageAreRefusedWith503OrDeliveredAfterItAndStockAgrees() throws Exception {
        Instant since = Instant.now().minusSeconds(1);
        long user = ThreadLocalRandom.current().nextLong(60_000_000, 70_000_000);
        String sku = platform.stockedSku("BRK-", 100_000);

        OrderLoad load = new OrderLoad(platform, user, sku, 10);
        try (load) {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.accepted.size() >= 20);
            System.out.println("broker outage: stopping RocketMQ after " + load.accepted.size() + " accepted orders");
            assertThat(platform.stack.stopRocketMq()).as("RocketMQ stopped").isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.refusedCount.getOrDefault(503, 0) >= 5);
            System.out.println("broker outage: starting RocketMQ again; refused so far " + load.refusedCount);
            platform.stack.startRocketMq();
            int acceptedAtRestart = load.accepted.size();
            await().atMost(Duration.ofSeconds(180)).until(() -> load.accepted.size() >= acceptedAtRestart + 20);
        }

        OutageAssertions.assertConsistentAfter(platform, load, user, sku, since);
    }
}
