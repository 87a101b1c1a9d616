package io.txorders.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Settings that would stop the relay quietly, spin it or send rows twice fail the start-up, naming the setting. */
class OutboxPropertiesTest {

    @Test
    void theDefaultsAreValid() {
        assertThat(bind(Map.of()).batchSize()).isEqualTo(100);
    }

    @ParameterizedTest
    @CsvSource({"batch-size, 0", "max-attempts, 0", "poll-interval, 0s", "lease, 0s", "backlog-refresh, -1s",
            "base-backoff, -1s"})
    void aValueThatWouldStopOrSpinTheRelayIsRefused(String key, String value) {
        assertThatThrownBy(() -> bind(Map.of("txorders.outbox." + key, value)))
                .isInstanceOf(BindException.class)
                .rootCause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("txorders.outbox." + key);
    }

    @Test
    void noBackOffIsAllowed() {
        assertThat(bind(Map.of("txorders.outbox.base-backoff", "0s", "txorders.outbox.max-backoff", "0s"))
                .backoffAfter(3)).isZero();
    }

    private static OutboxProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("txorders.outbox", OutboxProperties.class);
    }
}
