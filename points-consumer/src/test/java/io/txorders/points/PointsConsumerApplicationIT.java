package io.txorders.points;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.devstack.DevStackExtension;
import io.txorders.testsupport.ServiceHealth;
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
    void migrationsCreateTheServiceTables() {
        assertThat(jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", String.class))
                .contains("points_account","points_ledger","inbox");
    }
}
