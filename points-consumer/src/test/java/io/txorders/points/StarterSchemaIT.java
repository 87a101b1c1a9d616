package io.txorders.points;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.devstack.DevStack;
import io.txorders.devstack.DevStackExtension;
import io.txorders.messaging.schema.StarterSchemaMigration;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The starter's tables come with the starter: on the database of a service whose own migrations made them before
 * (points-consumer), its history starts from a baseline and keeps the service's history untouched; on an empty one,
 * it creates all four, once. Shares the Spring context of {@link PointsConsumerApplicationIT}.
 */
@ExtendWith(DevStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StarterSchemaIT {

    private static final String NEW_SERVICE_DB = "starter_schema_it";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void onADatabaseWhoseServiceMadeTheTablesTheStarterBaselinesInAHistoryOfItsOwn() {
        List<Map<String, Object>> starter = jdbc.queryForList("SELECT version, type, success FROM "
                + StarterSchemaMigration.HISTORY_TABLE + " ORDER BY installed_rank");

        assertThat(starter).extracting(row -> row.get("version"), row -> row.get("type"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0", "BASELINE"),
                        org.assertj.core.groups.Tuple.tuple("1", "SQL"), org.assertj.core.groups.Tuple.tuple("2", "SQL"));
        assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success = 1", String.class))
                .as("the service's own history is its own").containsExactly("1", "2");
    }

    @Test
    void aNewServiceGetsEveryStarterTableOnceFromAnEmptyDatabase() {
        jdbc.execute("DROP DATABASE IF EXISTS " + NEW_SERVICE_DB);
        jdbc.execute("CREATE DATABASE " + NEW_SERVICE_DB + " CHARACTER SET utf8mb4");
        DevStack stack = DevStack.shared();
        DriverManagerDataSource database = new DriverManagerDataSource(
                stack.jdbcUrl(NEW_SERVICE_DB) + "?useSSL=false", stack.dbUser(), stack.dbPassword());
        // A service whose own migrations hold only its business (here: none at all).
        Flyway service = Flyway.configure().dataSource(database).locations("classpath:db/no-such-location")
                .failOnMissingLocations(false).load();

        new StarterSchemaMigration().migrate(service);
        new StarterSchemaMigration().migrate(service);

        JdbcTemplate newService = new JdbcTemplate(database);
        assertThat(newService.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                String.class, NEW_SERVICE_DB))
                .contains("inbox", "dead_letter", "tx_state", "outbox", StarterSchemaMigration.HISTORY_TABLE);
        assertThat(newService.queryForList("SELECT version FROM " + StarterSchemaMigration.HISTORY_TABLE
                + " WHERE type = 'SQL' AND success = 1", String.class)).as("applied once").containsExactly("1", "2");
    }
}
