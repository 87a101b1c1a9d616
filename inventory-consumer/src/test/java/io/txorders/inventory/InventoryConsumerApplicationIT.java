package io.txorders.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.inventory.support.InventoryIntegrationTest;
import io.txorders.testsupport.ServiceHealth;
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
    void migrationsCreateTheServiceTables() {
        assertThat(jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", String.class))
                .contains("stock","reservation","reservation_line","inbox","outbox");
    }
}
