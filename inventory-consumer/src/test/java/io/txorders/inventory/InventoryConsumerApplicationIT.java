package io.txorders.inventory;

import io.txorders.inventory.support.InventoryIntegrationTest;
import io.txorders.testsupport.ServiceHealth;
import io.txorders.testsupport.ServiceSchema;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Shares the context of the other integration tests: a second context would add consumers to the same groups. */
class InventoryConsumerApplicationIT extends InventoryIntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void healthIsUpWithDatabaseAndRocketMq() throws Exception {
        ServiceHealth.assertUpWithDatabaseAndRocketMq(port);
    }

    @Test
    void migrationsCreateTheServiceTables() throws Exception {
        ServiceSchema.assertHasTables(jdbc.getDataSource(), "stock", "reservation", "reservation_line", "inbox", "outbox");
    }

    @Test
    void theDeadLetterMigrationIsTheOneDeployedDatabasesApplied() throws Exception {
        ServiceSchema.assertDeadLetterV2AsDeployed(jdbc.getDataSource());
    }
}
