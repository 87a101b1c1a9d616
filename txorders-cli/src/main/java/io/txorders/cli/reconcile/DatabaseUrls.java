package io.txorders.cli.reconcile;

import java.util.Map;

/** Where the three databases are, from the environment; defaults: the embedded stack of run-local.sh. */
public record DatabaseUrls(String orders, String inventory, String points, String user, String password) {

    public static DatabaseUrls from(Map<String, String> env) {
        String base = "jdbc:mysql://" + env.getOrDefault("TXORDERS_DB_HOST", "127.0.0.1") + ":"
                + env.getOrDefault("TXORDERS_DB_PORT", "3316") + "/";
        String params = "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=3000";
        return new DatabaseUrls(
                env.getOrDefault("TXORDERS_ORDER_DB_URL", base + "order_db" + params),
                env.getOrDefault("TXORDERS_INVENTORY_DB_URL", base + "inventory_db" + params),
                env.getOrDefault("TXORDERS_POINTS_DB_URL", base + "points_db" + params),
                env.getOrDefault("TXORDERS_DB_USER", "txorders"),
                env.getOrDefault("TXORDERS_DB_PASSWORD", "txorders"));
    }
}
