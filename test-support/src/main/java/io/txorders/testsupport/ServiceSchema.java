package io.txorders.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** What every service's smoke test checks of its database once its migrations have run. */
public final class ServiceSchema {

    /**
     * Flyway's checksum of {@code sql/before-starter/V2__dead_letter.sql}, as every deployed database of
     * order-producer, inventory-consumer and points-consumer recorded it for its version 2. Flyway refuses to start on
     * a database whose applied migration changed, so the file must keep these bytes.
     */
    public static final int DEAD_LETTER_V2_CHECKSUM = -507987012;

    private ServiceSchema() {
    }

    /** Asserts that the service's database (the data source's current schema) has at least these tables. */
    public static void assertHasTables(DataSource database, String... tables) throws SQLException {
        assertThat(strings(database, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"))
                .contains(tables);
    }

    /** Asserts that the service's version 2 is the dead_letter migration deployed databases applied, to the byte. */
    public static void assertDeadLetterV2AsDeployed(DataSource database) throws SQLException {
        assertThat(strings(database, "SELECT CONCAT(description, ' ', checksum) FROM flyway_schema_history"
                + " WHERE version = '2'")).containsExactly("dead letter " + DEAD_LETTER_V2_CHECKSUM);
    }

    private static List<String> strings(DataSource database, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
