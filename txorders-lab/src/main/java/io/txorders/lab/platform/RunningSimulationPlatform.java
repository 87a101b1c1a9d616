package io.txorders.lab.platform;

import io.txorders.cli.admin.ServiceEndpoints;
import io.txorders.cli.reconcile.DatabaseUrls;
import io.txorders.devstack.ServiceProcesses;
import io.txorders.messaging.database.UtcConnections;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A platform that already runs (run-local or external), found through the environment. */
public final class RunningSimulationPlatform implements SimulatedPlatform {

    private final ServiceEndpoints endpoints;
    private final DatabaseUrls databases;
    private final Path logDir;
    private final String rocketMqEndpoint;

    private RunningSimulationPlatform(ServiceEndpoints endpoints, DatabaseUrls databases, Path logDir,
                                      String rocketMqEndpoint) {
        this.endpoints = endpoints;
        this.databases = databases;
        this.logDir = logDir;
        this.rocketMqEndpoint = rocketMqEndpoint;
    }

    public static RunningSimulationPlatform from(Map<String, String> env, String logDir) {
        ServiceEndpoints endpoints = ServiceEndpoints.from(env);
        endpoints.requireUsable();
        return new RunningSimulationPlatform(endpoints, DatabaseUrls.from(env),
                logDir == null ? null : Path.of(logDir), env.getOrDefault("ROCKETMQ_ENDPOINTS", "127.0.0.1:8081"));
    }

    @Override
    public String jdbcUrl(String database) {
        String orders = databases.orders();
        return orders.substring(0, orders.indexOf('?') < 0 ? orders.length() : orders.indexOf('?'))
                .replaceFirst("/[^/]*$", "/" + database);
    }

    @Override
    public String dbUser() {
        return databases.user();
    }

    @Override
    public String dbPassword() {
        return databases.password();
    }

    @Override
    public String rocketMqEndpoint() {
        return rocketMqEndpoint;
    }

    @Override
    public String namesrvAddr() {
        return endpoints.namesrvAddr();
    }

    @Override
    public URI orders() {
        return endpoints.orders().get(0);
    }

    @Override
    public URI inventory() {
        return endpoints.inventory().get(0);
    }

    @Override
    public URI points() {
        return endpoints.points().get(0);
    }

    @Override
    public String adminToken() {
        return endpoints.adminToken();
    }

    @Override
    public Connection database(String name) throws SQLException {
        String url = switch (name) {
            case "order_db" -> databases.orders();
            case "inventory_db" -> databases.inventory();
            case "points_db" -> databases.points();
            default -> throw new IllegalArgumentException(name);
        };
        return UtcConnections.open(url, databases.user(), databases.password());
    }

    @Override
    public List<Path> logs() {
        return logDir == null ? List.of() : ServiceProcesses.logFilesIn(logDir);
    }

    @Override
    public void killAndRestartOrderProducer(Consumer<String> timeline) {
        throw new UnsupportedOperationException("a running platform's processes are not ours to kill");
    }
}
