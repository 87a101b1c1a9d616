package io.txorders.messaging.inbox;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.function.Predicate;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Failures worth retrying in-process around an idempotent handler: the database is down or restarting,
 * a deadlock or lock wait timeout, or a concurrent writer won a unique key (the retry then sees its row).
 * Anything else (a bug, an unreadable body) is not retried here. Usable as a resilience4j
 * {@code retry-exception-predicate}.
 */
public class TransientFailures implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // A deadlock rolls back the whole transaction, so a savepoint rollback after it fails and hides it.
            if (t instanceof TransactionSystemException system && system.getApplicationException() != null
                    && test(system.getApplicationException())) {
                return true;
            }
            if (t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof ConcurrencyFailureException
                    || t instanceof DuplicateKeyException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code failure} says the database could not be reached at all (an SQL state of class {@code 08},
     * "connection exception", or a pool's timeout waiting for a connection), as opposed to a refusal the database
     * answered with or a conflict. Waiting helps with these; retrying at once, or message by message, does not.
     */
    public static boolean databaseUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
