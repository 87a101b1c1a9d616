package io.txorders.order;

import io.txorders.order.support.OrderProducerIntegrationTest;
import io.txorders.testsupport.ServiceHealth;
import io.txorders.testsupport.ServiceSchema;
import org.junit.jupiter.api.Test;

/** Shares the context of the other integration tests: a second context would add consumers to the same groups. */
class OrderProducerApplicationIT extends OrderProducerIntegrationTest {

    @Test
    void healthIsUpWithDatabaseAndRocketMq() throws Exception {
        ServiceHealth.assertUpWithDatabaseAndRocketMq(port);
    }

    @Test
    void migrationsCreateTheServiceTables() throws Exception {
        ServiceSchema.assertHasTables(jdbc.getDataSource(), "orders", "order_item", "tx_state", "inbox");
    }

    @Test
    void theDeadLetterMigrationIsTheOneDeployedDatabasesApplied() throws Exception {
        ServiceSchema.assertDeadLetterV2AsDeployed(jdbc.getDataSource());
    }
}
