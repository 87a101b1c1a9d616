package io.txorders.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.order.support.OrderProducerIntegrationTest;
import io.txorders.testsupport.ServiceHealth;
import org.junit.jupiter.api.Test;

/** Shares the context of the other integration tests: a second context would add consumers to the same groups. */
class OrderProducerApplicationIT extends OrderProducerIntegrationTest {

    @Test
    void healthIsUpWithDatabaseAndRocketMq() throws Exception {
        ServiceHealth.assertUpWithDatabaseAndRocketMq(port);
    }

    @Test
    void migrationsCreateTheServiceTables() {
        assertThat(jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", String.class))
                .contains("orders","order_item","tx_state","inbox");
    }
}
