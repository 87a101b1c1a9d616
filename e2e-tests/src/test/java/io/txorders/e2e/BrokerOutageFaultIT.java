package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
        long user = ThreadLocalRandom.current().nextLong(60_000_000, 70_000_000);
        OrderLoad load = new OrderLoad(platform, user, platform.stockedSku("BRK-", 100_000), 10);
        try (load) {
            load.throughOutage("RocketMQ",
                    () -> assertThat(platform.stack.stopRocketMq()).as("RocketMQ stopped").isTrue(),
                    platform.stack::startRocketMq, 20, 5, Duration.ofSeconds(180));
        }

        OutageAssertions.assertConsistentAfter(platform, load);
    }
}
