package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RocketMqPropertiesTest {

    @Test
    void theClientConfigurationConnectsWithTheConfiguredEndpointsAndRequestTimeout() {
        ClientConfiguration configuration = bind(Map.of("rocketmq.endpoints", "10.0.0.7:8081;10.0.0.8:8081",
                "rocketmq.request-timeout", "750ms")).clientConfiguration();

        assertThat(configuration.getEndpoints()).isEqualTo("10.0.0.7:8081;10.0.0.8:8081");
        assertThat(configuration.getRequestTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(configuration.isSslEnabled()).isFalse();
    }

    @Test
    void propertiesAtOtherEndpointsKeepTheRequestTimeoutAServiceHasByDefault() {
        RocketMqProperties bound = bind(Map.of());

        assertThat(bound.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(RocketMqProperties.at("127.0.0.1:19081"))
                .isEqualTo(new RocketMqProperties("127.0.0.1:19081", bound.requestTimeout()));
    }

    /** A RocketMQ with ACL (a managed one, say) takes only clients that sign their requests; TLS likewise. */
    @Test
    void credentialsAndTlsReachTheClientConfiguration() {
        ClientConfiguration configuration = bind(Map.of("rocketmq.access-key", "orders-app",
                "rocketmq.secret-key", "s3cret", "rocketmq.ssl-enabled", "true")).clientConfiguration();

        assertThat(configuration.isSslEnabled()).isTrue();
        assertThat(configuration.getCredentialsProvider()).hasValueSatisfying(provider -> {
            assertThat(provider.getSessionCredentials().getAccessKey()).isEqualTo("orders-app");
            assertThat(provider.getSessionCredentials().getAccessSecret()).isEqualTo("s3cret");
        });
        assertThat(bind(Map.of()).clientConfiguration().getCredentialsProvider()).isEmpty();
    }

    @Test
    void anAccessKeyWithoutItsSecretFailsTheStartUp() {
        assertThatThrownBy(() -> bind(Map.of("rocketmq.access-key", "orders-app")))
                .isInstanceOf(BindException.class).rootCause()
                .hasMessageContaining("rocketmq.access-key and rocketmq.secret-key go together");
    }

    @Test
    void theSecretIsNeverShown() {
        assertThat(bind(Map.of("rocketmq.access-key", "orders-app", "rocketmq.secret-key", "s3cret")).toString())
                .contains("orders-app").doesNotContain("s3cret");
    }

    private static RocketMqProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("rocketmq", RocketMqProperties.class);
    }
}
