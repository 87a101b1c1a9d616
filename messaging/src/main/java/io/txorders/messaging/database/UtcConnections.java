package io.txorders.messaging.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * How every txorders process talks to its MySQL-compatible database so that a stored time is an instant,
 * whatever the zone of the JVM or the server.
 *
 * <p>{@code DATETIME} columns carry no zone. Connector/J's default renders a {@code java.sql.Timestamp} in the
 * JVM's default zone and reads it back the same way, so a service on UTC and a tool on a laptop in another zone
 * (or two instances in different containers) disagree by hours, and a time in a DST fall-back hour reads back
 * an hour late. With these properties every connection renders and reads instants as UTC wall time and sets
 * the session {@code time_zone} to {@code +00:00}, so {@code NOW(3)} and column defaults are UTC too.
 *
 * <p>The services apply the same properties through {@code spring.datasource.hikari.data-source-properties}
 * in their {@code application.yml}; tools and tests open connections here. Databases written before this rule
 * by a JVM whose zone was not UTC hold local wall times: docs/operations.md says how to convert them.
 */
public final class UtcConnections {

    /** Connector/J properties (8.0.23 and later) that pin conversions and the session zone to UTC. */
    public static final Map<String, String> PROPERTIES = Map.of(
            "connectionTimeZone", "UTC",
            "forceConnectionTimeZoneToSession", "true",
            "preserveInstants", "true");

    private UtcConnections() {
    }

    /**
     * Opens a connection with {@link #PROPERTIES}. Connector/J lets properties passed this way override those in
     * {@code url}, so a {@code connectionTimeZone} in an operator's URL cannot make stored times local again.
     *
     * @throws SQLException as {@link DriverManager#getConnection(String, Properties)}
     */
    public static Connection open(String url, String user, String password) throws SQLException {
        return DriverManager.getConnection(url, properties(user, password));
    }

    private static Properties properties(String user, String password) {
        Properties properties = new Properties();
        properties.putAll(PROPERTIES);
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }
}
