package io.txorders.lab.platform;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a check-back scenario or the benchmark runs against: the three services, their databases and, where the platform
 * allows it, control over the order-producer process. The order-producer must run with
 * {@code order.fault.switchable=true} so the scenario can switch its fault mode.
 */
public interface SimulatedPlatform extends AutoCloseable {

    URI orders();

    URI inventory();

    URI points();

    String adminToken();

    /** A connection to {@code order_db}, {@code inventory_db} or {@code points_db}. */
    Connection database(String name) throws SQLException;

    /** JDBC URL (without parameters) of {@code order_db}, {@code inventory_db}, {@code points_db} or another database. */
    String jdbcUrl(String database);

    String dbUser();

    String dbPassword();

    /** The RocketMQ proxy's gRPC endpoint ({@code host:port}). */
    String rocketMqEndpoint();

    /** The RocketMQ name server ({@code host:port}), for admin operations. */
    String namesrvAddr();

    /** Log files of the services, scanned for the timeline (lines naming the event id or order number). */
    List<Path> logs();

    /**
     * Kills the order-producer process with SIGKILL and starts it again, returning once it is healthy.
     *
     * @param timeline receives what happened, for the scenario's timeline
     * @throws UnsupportedOperationException if this platform does not control its processes
     */
    void killAndRestartOrderProducer(Consumer<String> timeline) throws Exception;

    /**
     * Restarts inventory-consumer with these extra Spring arguments (e.g. {@code --inventory.consumer.mode=single}),
     * returning once it is healthy; {@code inventory()} may change.
     *
     * @throws UnsupportedOperationException if this platform does not control its processes
     */
    default void restartInventory(List<String> springArgs) throws Exception {
        throw new UnsupportedOperationException("this platform does not control the inventory-consumer process");
    }

    /**
     * The platform's processes outside this JVM by name ({@code order-producer}, {@code mariadb}, …), for the
     * benchmark's CPU accounting; empty when this platform does not know them.
     */
    default Map<String, ProcessHandle> processes() {
        return Map.of();
    }

    @Override
    default void close() {
    }
}
