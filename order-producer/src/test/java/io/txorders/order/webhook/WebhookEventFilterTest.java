package io.txorders.order.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.contract.Topic;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookEventFilterTest {

    @Test
    void withNoSubscribedTypeTheExpressionNamesATagNoEventCarries() {
        String expression = WebhookEventFilter.tagExpression(Set.of());

        assertThat(expression).isEqualTo(WebhookEventFilter.NO_EVENTS).isNotEqualTo("*").isNotBlank()
                .doesNotContain("||");
        assertThat(Arrays.stream(EventType.values()).map(EventType::tag)).doesNotContain(expression);
    }

    @Test
    void theExpressionNamesExactlyTheSubscribedTypesInTheOrderOfTheirDeclaration() {
        assertThat(WebhookEventFilter.tagExpression(Set.of(EventType.OrderPaid))).isEqualTo("OrderPaid");
        assertThat(WebhookEventFilter.tagExpression(Set.of(EventType.OrderCancelled, EventType.OrderCreated)))
                .isEqualTo("OrderCreated||OrderCancelled");
        assertThat(WebhookEventFilter.tagExpression(Set.of(EventType.OrderPaid, EventType.OrderCancelled,
                EventType.OrderCreated))).isEqualTo("OrderCreated||OrderPaid||OrderCancelled");
    }

    @Test
    void everyOrderEventTypeIsSubscribableByItsTag() {
        for (EventType type : EventType.values()) {
            if (type.topic() == Topic.ORDER_EVENTS) {
                assertThat(WebhookEventFilter.tagExpression(Set.of(type))).isEqualTo(type.tag());
            }
        }
    }

    @Test
    void theServiceFiltersBySubscribedTypesAndTakesEveryEventWhenItCannotReadTheSubscriptions() {
        boolean[] failing = {false};
        List<WebhookSubscription> active = List.of(new WebhookSubscription(1, "http://x.example/h",
                Set.of(EventType.OrderPaid), "a-partner-secret-0123456789", true, Instant.EPOCH));
        WebhookRepository repository = (WebhookRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WebhookRepository.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("findActiveSubscriptions")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (failing[0]) {
                        throw new IllegalStateException("database down");
                    }
                    return active;
                });
        // A refresh of a nanosecond: every question reads again.
        WebhookProperties properties = new WebhookProperties(true, null, Duration.ofSeconds(5), 4, 16,
                Duration.ofMillis(200), 50, Duration.ofNanos(1), null);
        WebhookService service = new WebhookService(repository, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                properties, Duration.ofSeconds(5));

        assertThat(service.eventFilter()).isEqualTo("OrderPaid");
        failing[0] = true;
        assertThat(service.eventFilter()).isEqualTo(WebhookEventFilter.ALL_EVENTS);
    }

    @Test
    void aSubscriptionIsInEffectAfterTheRefreshTheDeadlineOfAReceiveAndTheMargin() {
        WebhookProperties properties = new WebhookProperties(true, null, Duration.ofSeconds(5), 4, 16,
                Duration.ofMillis(200), 50, Duration.ofSeconds(1),
                new WebhookProperties.Consumer(Duration.ofSeconds(5), 2, 16));

        // 1 s refresh + (5 s await + 3 s request timeout: a receive's deadline) + 2 s margin.
        assertThat(properties.activationDelay(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(11));
    }
}
