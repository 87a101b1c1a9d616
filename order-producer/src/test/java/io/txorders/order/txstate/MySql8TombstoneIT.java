package io.txorders.order.txstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.txorders.messaging.database.UtcConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The tombstone check-back on real MySQL 8.4 (the production database), with the same statements the checker
 * runs. Needs Docker; where there is none it does not run, and the proof is CheckBackIT on the embedded
 * MariaDB, which every build runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class MySql8TombstoneIT {

    @Container
    static final MySQLContainer mysql = new MySQLContainer("mysql:8.4").withDatabaseName("order_db");

    private static final String TOMBSTONE = "INSERT INTO tx_state (tx_id, state, check_count, last_checked_at, created_at) "
            + "VALUES (?, 'ROLLED_BACK', 1, NOW(3), NOW(3)) ON DUPLICATE KEY UPDATE check_count = check_count + 1";
    private static final String COMMITTED = "INSERT INTO tx_state (tx_id, state, check_count, created_at) "
            + "VALUES (?, 'COMMITTED', 0, NOW(3))";

    @BeforeAll
    static void migrate() {
        Flyway.configure().dataSource(mysql.getJdbcUrl(), mysql.getUsername(), mysql.getPassword())
                .locations("classpath:db/migration/order").load().migrate();
    }

    @Test
    void aCheckDuringTheLocalTransactionWaitsForItAndReadsCommitted() throws Exception {
        String txId = UUID.randomUUID().toString();
        try (Connection local = connect()) {
            local.setAutoCommit(false);
            execute(local, COMMITTED, txId);
            CompletableFuture<String> check = CompletableFuture.supplyAsync(() -> checkBack(txId));
            // The checker's insert waits on the row lock of the transaction still in flight.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !check.isDone());
            local.commit();
            assertThat(check.get(10, TimeUnit.SECONDS)).isEqualTo("COMMITTED");
        }
    }

    @Test
    void aCheckBeforeTheLocalTransactionLeavesATombstoneThatALaterLocalTransactionHitsAndFailsOn() throws Exception {
        String txId = UUID.randomUUID().toString();

        assertThat(checkBack(txId)).isEqualTo("ROLLED_BACK");
        try (Connection local = connect()) {
            local.setAutoCommit(false);
            assertThatThrownBy(() -> execute(local, COMMITTED, txId))
                    .isInstanceOf(SQLIntegrityConstraintViolationException.class);
            local.rollback();
        }
    }

    private static String checkBack(String txId) {
        try (Connection checker = connect()) {
            execute(checker, TOMBSTONE, txId);
            try (PreparedStatement read = checker.prepareStatement("SELECT state FROM tx_state WHERE tx_id = ?")) {
                read.setString(1, txId);
                try (ResultSet row = read.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(Connection connection, String sql, String txId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, txId);
            statement.executeUpdate();
        }
    }

    private static Connection connect() throws SQLException {
        return UtcConnections.open(mysql.getJdbcUrl(), mysql.getUsername(), mysql.getPassword());
    }
}
