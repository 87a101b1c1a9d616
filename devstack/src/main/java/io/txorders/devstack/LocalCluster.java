package io.txorders.devstack;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The infrastructure of {@code scripts/cluster-local.sh}: an embedded MariaDB (one database per service) and a
 * multi-process RocketMQ cluster ({@link RocketMqCluster}: name server, two brokers, a CLUSTER-mode proxy), against
 * which the services run in external mode, two instances each.
 */
public final class LocalCluster implements AutoCloseable {

    private final EmbeddedMariaDb database;
    private final int databasePort;
    private RocketMqCluster rocketMq;

    private LocalCluster(EmbeddedMariaDb database, int databasePort) {
        this.database = database;
        this.databasePort = databasePort;
    }

    /**
     * Starts MariaDB, then the RocketMQ cluster.
     *
     * @param fresh wipe {@code stateDir} first
     * @throws IllegalStateException if a part does not start; what did start is stopped
     */
    public static LocalCluster start(Path stateDir, int databasePort, RocketMqCluster.Ports ports,
                                     CheckBackTiming timing, int retryMaxTimes, boolean fresh, PrintStream progress) {
        Path dir = stateDir.toAbsolutePath();
        if (fresh) {
            DevStack.deleteRecursively(dir);
        }
        LocalCluster cluster = new LocalCluster(new EmbeddedMariaDb(dir, databasePort), databasePort);
        try {
            cluster.database.start(DevStack.DATABASES);
            progress.println("cluster: MariaDB up on 127.0.0.1:" + databasePort);
            cluster.rocketMq = RocketMqCluster.start(dir.resolve("rocketmq"), ports, timing, retryMaxTimes, progress);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    public RocketMqCluster rocketMq() {
        return rocketMq;
    }

    public int databasePort() {
        return databasePort;
    }

    /** JDBC URL of one of {@link DevStack#DATABASES}. */
    public String jdbcUrl(String name) {
        return database.jdbcUrl(name);
    }

    public String dbUser() {
        return EmbeddedMariaDb.USER;
    }

    public String dbPassword() {
        return EmbeddedMariaDb.PASSWORD;
    }

    /** Stops the RocketMQ nodes, then MariaDB. */
    @Override
    public void close() {
        if (rocketMq != null) {
            rocketMq.close();
        }
        database.stop();
    }
}
