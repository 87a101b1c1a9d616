package io.txorders.order.messaging;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code rocketMq} health: UP when every configured proxy endpoint accepts a connection within a second.
 * rocketmq-client-java exposes no ping, so this checks reachability, not broker state.
 */
@Component("rocketMq")
class RocketMqHealthIndicator extends AbstractHealthIndicator {

    private static final int CONNECT_TIMEOUT_MS = 1_000;

    private final RocketMqProperties properties;

    RocketMqHealthIndicator(RocketMqProperties properties) {
        super("RocketMQ proxy unreachable");
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws IOException {
        for (String endpoint : properties.endpoints().split(";")) {
            String[] hostPort = endpoint.trim().split(":");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), CONNECT_TIMEOUT_MS);
            }
        }
        builder.up().withDetail("endpoints", properties.endpoints());
    }
}
