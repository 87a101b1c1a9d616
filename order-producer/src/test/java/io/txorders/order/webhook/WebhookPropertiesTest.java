package io.txorders.order.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Settings that would switch delivery off without a word fail the start-up, naming the setting: with
 * {@code max-in-flight-per-subscription=0} every claimed task used to be released unsent, round after round.
 */
class WebhookPropertiesTest {

    @Test
    void theDefaultsAreValid() {
        assertThat(bind(Map.of()).maxInFlightPerSubscription()).isEqualTo(4);
    }

    @ParameterizedTest
    @CsvSource({"max-in-flight-per-subscription, 0", "threads, 0", "batch-size, 0", "retry.max-attempts, 0",
            "request-timeout, 0s", "poll-interval, -1s", "subscription-refresh, 0s"})
    void aValueThatWouldStopDeliveryIsRefused(String key, String value) {
        assertThatThrownBy(() -> bind(Map.of("webhooks." + key, value)))
                .isInstanceOf(BindException.class)
                .rootCause().isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("webhooks." + key);
    }

    private static WebhookProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("webhooks", WebhookProperties.class);
    }
}
