package io.txorders.points;

import io.txorders.devstack.DevStackExtension;
import io.txorders.testsupport.ServiceHealth;
import io.txorders.testsupport.ServiceSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

@ExtendWith(DevStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PointsConsumerApplicationIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void healthIsUpWithDatabaseAndRocketMq() throws Exception {
        ServiceHealth.assertUpWithDatabaseAndRocketMq(port);
    }

    @Test
    void migrationsCreateTheServiceTables() throws Exception {
        ServiceSchema.assertHasTables(jdbc.getDataSource(), "points_account", "points_ledger", "inbox");
    }

    @Test
    void theDeadLetterMigrationIsTheOneDeployedDatabasesApplied() throws Exception {
        ServiceSchema.assertDeadLetterV2AsDeployed(jdbc.getDataSource());
    }
}
