package io.txorders.messaging.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DeadlockLoserDataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

class TransientFailuresTest {

    private final TransientFailures transientFailures = new TransientFailures();

    @Test
    void databaseOutagesDeadlocksLockTimeoutsAndLostRacesAreRetried() {
        assertThat(transientFailures.test(new CannotGetJdbcConnectionException("down", new SQLException()))).isTrue();
        assertThat(transientFailures.test(new DeadlockLoserDataAccessException("deadlock", null))).isTrue();
        assertThat(transientFailures.test(new CannotAcquireLockException("lock wait timeout"))).isTrue();
        assertThat(transientFailures.test(new DuplicateKeyException("concurrent insert"))).isTrue();
    }

    @Test
    void aDeadlockHiddenBehindAFailedSavepointRollbackIsRetried() {
        TransactionSystemException savepointLost = new TransactionSystemException("Could not roll back to JDBC savepoint");
        savepointLost.initApplicationException(new DeadlockLoserDataAccessException("deadlock", null));

        assertThat(transientFailures.test(savepointLost)).isTrue();
    }

    @Test
    void bugsAndBadDataAreNotRetried() {
        assertThat(transientFailures.test(new IllegalStateException("ledger and stock disagree"))).isFalse();
        assertThat(transientFailures.test(new DataIntegrityViolationException("check constraint"))).isFalse();
    }
}
