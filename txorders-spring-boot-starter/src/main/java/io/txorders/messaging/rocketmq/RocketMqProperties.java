package io.txorders.messaging.rocketmq;

import java.time.Duration;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * Where the RocketMQ 5 proxy is ({@code ROCKETMQ_ENDPOINTS}) and how long a request to it may take.
 *
 * @param endpoints {@code host:port} of the proxy's gRPC endpoint; several separated by {@code ;}
 * @param requestTimeout timeout of one request to the proxy
 */
@ConfigurationProperties("rocketmq")
public record RocketMqProperties(@DefaultValue("127.0.0.1:8081") String endpoints,
                                 @DefaultValue(RocketMqProperties.DEFAULT_REQUEST_TIMEOUT) Duration requestTimeout) {

    private static final String DEFAULT_REQUEST_TIMEOUT = "5s";

    /**
     * A service's properties at other endpoints, with the default request timeout: for clients built outside a
     * Spring context (tests, the lab's bare-client baselines) that should connect as a service does.
     */
    public static RocketMqProperties at(String endpoints) {
        return new RocketMqProperties(endpoints, DurationStyle.detectAndParse(DEFAULT_REQUEST_TIMEOUT));
    }

    /**
     * The configuration of every RocketMQ client txorders builds: these endpoints, this request timeout, and plain
     * gRPC (the proxy's port is not TLS in the compose deployment or the embedded stack). The one place a client's
     * connection settings are decided, so that a setting added here (credentials, TLS, a namespace) reaches every
     * producer and consumer.
     */
    public ClientConfiguration clientConfiguration() {
        return ClientConfiguration.newBuilder()
                .setEndpoints(endpoints)
                .enableSsl(false)
                .setRequestTimeout(requestTimeout)
                .build();
    }
}
