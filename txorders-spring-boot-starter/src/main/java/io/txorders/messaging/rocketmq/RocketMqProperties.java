package io.txorders.messaging.rocketmq;

import java.time.Duration;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientConfigurationBuilder;
import org.apache.rocketmq.client.apis.StaticSessionCredentialsProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * Where the RocketMQ 5 proxy is ({@code ROCKETMQ_ENDPOINTS}), how long a request to it may take, and how to
 * authenticate to it.
 *
 * @param endpoints {@code host:port} of the proxy's gRPC endpoint; several separated by {@code ;}
 * @param requestTimeout timeout of one request to the proxy
 * @param accessKey the access key of an ACL-enabled RocketMQ ({@code ROCKETMQ_ACCESS_KEY}), with {@code secretKey};
 *        unset: no credentials are sent
 * @param secretKey the secret of {@code accessKey} ({@code ROCKETMQ_SECRET_KEY})
 * @param sslEnabled TLS to the proxy's gRPC endpoint ({@code ROCKETMQ_SSL_ENABLED}); off by default, as in the compose
 *        deployment and the embedded stack
 */
@ConfigurationProperties("rocketmq")
public record RocketMqProperties(@DefaultValue("127.0.0.1:8081") String endpoints,
                                 @DefaultValue(RocketMqProperties.DEFAULT_REQUEST_TIMEOUT) Duration requestTimeout,
                                 String accessKey, String secretKey, @DefaultValue("false") boolean sslEnabled) {

    private static final String DEFAULT_REQUEST_TIMEOUT = "5s";

    /** @throws IllegalArgumentException if only one of the access key and its secret is set */
    @ConstructorBinding
    public RocketMqProperties {
        if (isSet(accessKey) != isSet(secretKey)) {
            throw new IllegalArgumentException("rocketmq.access-key and rocketmq.secret-key go together: set both for "
                    + "a RocketMQ with ACL, or neither");
        }
    }

    /** Without credentials, over plain gRPC. */
    public RocketMqProperties(String endpoints, Duration requestTimeout) {
        this(endpoints, requestTimeout, null, null, false);
    }

    /**
     * A service's properties at other endpoints, with the default request timeout: for clients built outside a
     * Spring context (tests, the lab's bare-client baselines) that should connect as a service does.
     */
    public static RocketMqProperties at(String endpoints) {
        return new RocketMqProperties(endpoints, DurationStyle.detectAndParse(DEFAULT_REQUEST_TIMEOUT));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * The configuration of every RocketMQ client txorders builds: these endpoints, this request timeout, TLS or plain
     * gRPC, and the credentials when there are any. The one place a client's connection settings are decided, so that
     * a setting added here (a namespace, say) reaches every producer and consumer.
     */
    public ClientConfiguration clientConfiguration() {
        ClientConfigurationBuilder builder = ClientConfiguration.newBuilder()
                .setEndpoints(endpoints)
                .enableSsl(sslEnabled)
                .setRequestTimeout(requestTimeout);
        if (isSet(accessKey)) {
            builder.setCredentialProvider(new StaticSessionCredentialsProvider(accessKey, secretKey));
        }
        return builder.build();
    }

    /** Never shows the secret, whoever logs these properties. */
    @Override
    public String toString() {
        return "RocketMqProperties[endpoints=" + endpoints + ", requestTimeout=" + requestTimeout + ", accessKey="
                + accessKey + ", secretKey=" + (isSet(secretKey) ? "******" : null) + ", sslEnabled=" + sslEnabled + "]";
    }
}
