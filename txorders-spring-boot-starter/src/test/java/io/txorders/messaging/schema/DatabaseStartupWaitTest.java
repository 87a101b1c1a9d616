package io.txorders.messaging.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.txorders.messaging.inbox.TransientFailures;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Which start-up failures of the database are waited out; the real wait is DatabaseNotReadyAtStartupIT's. */
class DatabaseStartupWaitTest {

    private final DataSource dataSource = mock(DataSource.class);

    @Test
    void aDatabaseThatCannotBeReachedYetIsTriedAgainUntilItAnswers() throws Exception {
        when(dataSource.getConnection())
                .thenThrow(new SQLException("Communications link failure", "08S01"))
                .thenThrow(new SQLTransientConnectionException("Connection is not available, request timed out"))
                .thenReturn(mock(Connection.class));

        DatabaseStartupWait.await(dataSource, Duration.ofMillis(1), Duration.ofMillis(2));

        verify(dataSource, times(3)).getConnection();
    }

    @Test
    void aRefusalTheDatabaseAnsweredWithFailsAtOnce() throws Exception {
        when(dataSource.getConnection()).thenThrow(new SQLException("Access denied for user 'txorders'", "28000"));

        assertThatThrownBy(() -> DatabaseStartupWait.await(dataSource, Duration.ofMillis(1), Duration.ofMillis(2)))
                .hasMessageContaining("Access denied");
        verify(dataSource, times(1)).getConnection();
    }

    @Test
    void aPoolThatCouldNotStartBecauseTheServerIsAwayCountsAsUnreachable() {
        // HikariCP's PoolInitializationException is a RuntimeException with the driver's failure as its cause.
        assertThat(TransientFailures.databaseUnreachable(new RuntimeException("Failed to initialize pool",
                new SQLException("Connection refused", "08001")))).isTrue();
        assertThat(TransientFailures.databaseUnreachable(new RuntimeException("Unknown database 'points_db'",
                new SQLException("Unknown database", "42000")))).isFalse();
    }
}
