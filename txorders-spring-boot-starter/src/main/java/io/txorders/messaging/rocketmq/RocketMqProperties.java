package io.txorders.messaging.rocketmq;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the RocketMQ 5 proxy is ({@code ROCKETMQ_ENDPOINTS}) and how long a request to it may take.
 *
 * @param endpoints {@code host:port} of the proxy's gRPC endpoint; several separated by {@code ;}
 * @param requestTimeout timeout of one request to the proxy
 */
@ConfigurationProperties("rocketmq")
public record RocketMqProperties(@DefaultValue("127.0.0.1:8081") String endpoints,
                                 @DefaultValue("5s") Duration requestTimeout) {
}
