package io.txorders.order.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class WebhookDispatcherTest {

    /** TxordersWebhookFailures watches increase(): a series that first appeared at 1 showed none. */
    @Test
    void everyDeliveryOutcomeIsCountedFromZero() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        WebhookProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("webhooks", WebhookProperties.class);

        new WebhookDispatcher(mock(WebhookRepository.class), defaults, meters, Clock.systemUTC(), false).destroy();

        for (String outcome : List.of("delivered", "retried", "failed")) {
            assertThat(meters.get("txorders.webhooks.deliveries").tag("outcome", outcome).counter().count()).isZero();
        }
    }
}
