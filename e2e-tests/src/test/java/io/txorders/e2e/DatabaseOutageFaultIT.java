package io.txorders.e2e;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The database server stopped and started again while orders are placed and consumed (-Pfaults). The embedded
 * stack runs one MariaDB for the three service databases, so the consumers' databases and order_db go away
 * together: placements during the outage are 503 problems (nothing written); messages the consumers could not
 * apply are redelivered and applied once when the database is back.
 */
class DatabaseOutageFaultIT {

    private final Platform platform = Platform.get();

    @Test
    void messagesThatFailedDuringADatabaseOutageAreAppliedOnceAfterItAndStockAgrees() throws Exception {
        long user = ThreadLocalRandom.current().nextLong(70_000_000, 80_000_000);
        OrderLoad load = new OrderLoad(platform, user, platform.stockedSku("DBO-", 100_000), 20);
        try (load) {
            load.throughOutage("MariaDB", platform.stack::stopDatabase, platform.stack::startDatabase, 30, 10,
                    Duration.ofSeconds(120));
        }

        OutageAssertions.assertConsistentAfter(platform, load);
    }
}
