package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.junit.jupiter.api.Test;
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

    private static RocketMqProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("rocketmq", RocketMqProperties.class);
    }
}
