package io.txorders.messaging.rocketmq;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code rocketMq} health, part of the readiness group: DOWN while the service's RocketMQ clients are not all
 * started ({@link RocketMqClientStarter}: pending clients, failed attempts, the last failure) and whenever a
 * configured proxy endpoint does not accept a connection within a second; UP otherwise. rocketmq-client-java exposes
 * no ping, so once started this checks reachability, not broker state.
 */
public class RocketMqHealthIndicator extends AbstractHealthIndicator {

    private static final int CONNECT_TIMEOUT_MS = 1_000;

    private final String endpoints;
    private final RocketMqClientStarter starter;

    /** @param endpoints the clients' {@code host:port[;host:port]}, as their {@code ClientConfiguration} has them */
    public RocketMqHealthIndicator(String endpoints, RocketMqClientStarter starter) {
        super("RocketMQ proxy unreachable");
        this.endpoints = endpoints;
        this.starter = starter;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws IOException {
        builder.withDetail("endpoints", endpoints);
        RocketMqClientStarter.Status status = starter.status();
        if (!status.started()) {
            builder.down().withDetail("clientsNotStarted", status.pending())
                    .withDetail("failedAttempts", status.failedAttempts())
                    .withDetail("gaveUp", status.gaveUp());
            if (status.waitingSince() != null) {
                builder.withDetail("waitingSince", status.waitingSince().toString());
            }
            if (status.lastFailure() != null) {
                builder.withDetail("lastFailure", status.lastFailure());
            }
            return;
        }
        for (String endpoint : endpoints.split(";")) {
            String[] hostPort = endpoint.trim().split(":");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), CONNECT_TIMEOUT_MS);
            }
        }
        builder.up();
    }
}
