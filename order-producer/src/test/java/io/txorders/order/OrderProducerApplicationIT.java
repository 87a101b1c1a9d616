package io.txorders.order;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** The series alert TxordersNoProducerAnsweringCheckBacks watches with absent(): present while an instance is up. */
    @Test
    void prometheusSeesTheUptimeTheNoProducerAlertWatches() {
        Response scrape = get("/actuator/prometheus");

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.raw().body()).containsPattern("(?m)^process_uptime_seconds\\{application=\"order-producer\"");
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
