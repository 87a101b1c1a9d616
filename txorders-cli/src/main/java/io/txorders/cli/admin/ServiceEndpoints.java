package io.txorders.cli.admin;

import io.txorders.messaging.contract.ConsumerGroup;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where the operations tools find the platform: the services' HTTP base URLs (one or more instances each),
 * the RocketMQ name server and the admin token, all from the environment. Defaults are the embedded stack
 * of {@code scripts/run-local.sh}.
 */
public record ServiceEndpoints(List<URI> orders, List<URI> inventory, List<URI> points, String namesrvAddr, String adminToken) {

    public static final String ENVIRONMENT_HELP = """
            Environment (defaults: the embedded platform of scripts/run-local.sh):
              TXORDERS_ADMIN_TOKEN   the platform's admin token (required)
              ROCKETMQ_NAMESRV_ADDR  RocketMQ name server host:port (127.0.0.1:9876)
              TXORDERS_ORDER_URL     order-producer base URL(s), comma separated (http://127.0.0.1:8091)
              TXORDERS_INVENTORY_URL inventory-consumer base URL(s) (http://127.0.0.1:8092)
              TXORDERS_POINTS_URL    points-consumer base URL(s) (http://127.0.0.1:8093)""";

    public static ServiceEndpoints from(Map<String, String> env) {
        return new ServiceEndpoints(
                uris(env.getOrDefault("TXORDERS_ORDER_URL", "http://127.0.0.1:8091")),
                uris(env.getOrDefault("TXORDERS_INVENTORY_URL", "http://127.0.0.1:8092")),
                uris(env.getOrDefault("TXORDERS_POINTS_URL", "http://127.0.0.1:8093")),
                env.getOrDefault("ROCKETMQ_NAMESRV_ADDR", "127.0.0.1:9876"),
                env.getOrDefault("TXORDERS_ADMIN_TOKEN", ""));
    }

    /**
     * @throws IllegalArgumentException when no admin token is configured, or a service's URL variable is set but
     *         names no URL (e.g. {@code TXORDERS_ORDER_URL=} from an unset shell variable)
     */
    public String requireUsable() {
        if (adminToken.isBlank()) {
            throw new IllegalArgumentException("TXORDERS_ADMIN_TOKEN is not set (run-local.sh prints the token it made)");
        }
        for (Map.Entry<String, List<URI>> service : Map.of("TXORDERS_ORDER_URL", orders,
                "TXORDERS_INVENTORY_URL", inventory, "TXORDERS_POINTS_URL", points).entrySet()) {
            if (service.getValue().isEmpty()) {
                throw new IllegalArgumentException(service.getKey() + " names no URL; unset it for the default, or "
                        + "give one or more, comma separated");
            }
        }
        return adminToken;
    }

    /** The instances of the service that runs the group's consumers. */
    public List<URI> instancesOf(ConsumerGroup group) {
        return switch (group) {
            case INVENTORY -> inventory;
            case POINTS -> points;
            case ORDER, ORDER_TIMEOUTS, WEBHOOKS -> orders;
        };
    }

    private static List<URI> uris(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s)).toList();
    }
}
