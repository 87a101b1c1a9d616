package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** How the starter builds a service's simple consumers; the receiving itself is tested against a broker. */
class SimpleConsumersTest {

    private final RocketMqClientStarter starter = new RocketMqClientStarter(
            new RocketMqStartupProperties(null, Duration.ofMillis(10), Duration.ofMillis(20)), failure -> { },
            Clock.systemUTC());
    private final ClientServiceProvider provider = mock(ClientServiceProvider.class);
    private final SimpleConsumerBuilder builder = mock(SimpleConsumerBuilder.class, RETURNS_SELF);
    private final ClientConfiguration configuration = ClientConfiguration.newBuilder()
            .setEndpoints("127.0.0.1:1").build();
    private final SimpleConsumers consumers = new SimpleConsumers(starter, provider, configuration);

    @AfterEach
    void stop() {
        starter.stop();
    }

    @Test
    void aConsumerIsRegisteredUnderItsGroupAndBuiltOnlyWhenTheStarterStarts() throws Exception {
        when(provider.newSimpleConsumerBuilder()).thenReturn(builder);
        when(builder.build()).thenReturn(mock(SimpleConsumer.class));

        StartingClient<SimpleConsumer> client = consumers.register(ConsumerGroup.INVENTORY, Topic.ORDER_EVENTS,
                "OrderCreated||OrderPaid", Duration.ofSeconds(5));

        assertThat(client.name()).isEqualTo("inventory-consumer-simple-consumer");
        assertThat(starter.status().pending()).containsExactly("inventory-consumer-simple-consumer");
        verify(provider, never()).newSimpleConsumerBuilder();

        starter.start();

        assertThat(client.isStarted()).isTrue();
        verify(builder).setClientConfiguration(configuration);
        verify(builder).setConsumerGroup("inventory-consumer");
        verify(builder).setAwaitDuration(Duration.ofSeconds(5));
        assertThat(subscription()).containsExactly(Map.entry("order-events",
                new FilterExpression("OrderCreated||OrderPaid", FilterExpressionType.TAG)));
    }

    @Test
    void aFilterThatFollowsSomethingIsAskedForWhenTheClientIsBuiltAndCanChangeAfterwards() throws Exception {
        when(provider.newSimpleConsumerBuilder()).thenReturn(builder);
        when(builder.build()).thenReturn(mock(SimpleConsumer.class));
        AtomicReference<String> wanted = new AtomicReference<>("*");

        consumers.register(ConsumerGroup.WEBHOOKS, Topic.ORDER_EVENTS, wanted::get, Duration.ofSeconds(1));
        wanted.set("OrderPaid");
        starter.start();

        Map<String, FilterExpression> subscription = subscription();
        assertThat(subscription).containsExactly(Map.entry("order-events",
                new FilterExpression("OrderPaid", FilterExpressionType.TAG)));
        // The client keeps this very map, SimpleConsumer#subscribe puts into it while receives copy it.
        assertThat(subscription).isInstanceOf(ConcurrentHashMap.class);
    }

    @Test
    void aClientBuiltAgainAfterAFailedAttemptIsSubscribedWithTheFilterWantedThen() throws Exception {
        when(provider.newSimpleConsumerBuilder()).thenReturn(builder);
        when(builder.build()).thenThrow(new IllegalStateException("no route yet")).thenReturn(mock(SimpleConsumer.class));
        List<String> filters = List.of("OrderPaid", "OrderPaid||OrderCancelled");
        AtomicInteger asked = new AtomicInteger();

        StartingClient<SimpleConsumer> client = consumers.register(ConsumerGroup.WEBHOOKS, Topic.ORDER_EVENTS,
                () -> filters.get(Math.min(asked.getAndIncrement(), 1)), Duration.ofSeconds(1));
        starter.start();

        await().atMost(Duration.ofSeconds(10)).until(client::isStarted);
        assertThat(asked).hasValue(2);
        ArgumentCaptor<Map<String, FilterExpression>> subscriptions = subscriptionCaptor();
        verify(builder, times(2)).setSubscriptionExpressions(subscriptions.capture());
        assertThat(subscriptions.getValue()).containsExactly(Map.entry("order-events",
                new FilterExpression("OrderPaid||OrderCancelled", FilterExpressionType.TAG)));
    }

    private Map<String, FilterExpression> subscription() {
        ArgumentCaptor<Map<String, FilterExpression>> subscription = subscriptionCaptor();
        verify(builder).setSubscriptionExpressions(subscription.capture());
        return subscription.getValue();
    }

    @SuppressWarnings("unchecked")
    private static ArgumentCaptor<Map<String, FilterExpression>> subscriptionCaptor() {
        return ArgumentCaptor.forClass(Map.class);
    }
}
