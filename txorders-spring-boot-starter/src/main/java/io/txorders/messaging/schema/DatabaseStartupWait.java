package io.txorders.messaging.schema;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.txorders.messaging.inbox.TransientFailures;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/**
 * Waits at start-up, before the first migration, until the database takes a connection: a service started before its
 * database (both restarted together, a slow volume, a database pod scheduled later) waits here, with a WARN per
 * attempt, instead of failing its start-up and exiting. Its web server opens only after this, so it is not ready
 * meanwhile. Attempts back off from {@link #INITIAL_BACKOFF} doubling to {@link #MAX_BACKOFF} and never end.
 *
 * <p>Only a failure to reach the database is waited out (an SQL state of class {@code 08}, "connection exception", or
 * a pool's timeout). Anything else, such as refused credentials or an unknown database, is a configuration error and
 * fails the start-up at once, as before.
 */
public final class DatabaseStartupWait {

    static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(DatabaseStartupWait.class);

    private DatabaseStartupWait() {
    }

    /**
     * Returns once a connection was taken from {@code dataSource} (and given back).
     *
     * @throws RuntimeException the first failure that is not a failure to reach the database
     */
    public static void await(DataSource dataSource) {
        await(dataSource, INITIAL_BACKOFF, MAX_BACKOFF);
    }

    static void await(DataSource dataSource, Duration initialBackoff, Duration maxBackoff) {
        Retry retry = Retry.of("database-at-start-up", RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(initialBackoff, 2.0, maxBackoff))
                .retryOnException(TransientFailures::databaseUnreachable)
                .build());
        retry.getEventPublisher().onRetry(event -> log.warn("database not reachable yet (attempt {}), the service "
                        + "waits for it before it starts; next attempt in {} ms: {}", event.getNumberOfRetryAttempts(),
                event.getWaitInterval().toMillis(), describe(event.getLastThrowable())));
        retry.executeRunnable(() -> {
            try (Connection connection = dataSource.getConnection()) {
                // Taken: the database is there.
            } catch (SQLException e) {
                throw new ConnectionFailedException(e);
            }
        });
    }

    private static String describe(Throwable failure) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** A checked {@link SQLException} of {@link DataSource#getConnection()}, carried through the retry. */
    static final class ConnectionFailedException extends RuntimeException {
        ConnectionFailedException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
