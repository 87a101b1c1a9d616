package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.inbox.ConsumerGroupHandler;
import io.txorders.messaging.inbox.ConsumerGroupHandler.PushSubscription;
import io.txorders.messaging.inbox.DeadLetters;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.junit.jupiter.api.Test;

class GroupConsumersTest {

    @Test
    void eachGroupThisInstanceConsumesGetsItsCaptureAndItsPushConsumerWhenItAsksForOne() {
        RocketMqClientStarter starter = new RocketMqClientStarter(
                new RocketMqStartupProperties(null, Duration.ofMillis(10), Duration.ofMillis(20)), failure -> { },
                Clock.systemUTC());
        PushSubscription paid = new PushSubscription(Map.of(Topic.ORDER_EVENTS, "OrderPaid"), 2);

        GroupConsumers consumers = GroupConsumers.register(starter, ClientServiceProvider.loadService(),
                ClientConfiguration.newBuilder().setEndpoints("127.0.0.1:1").build(), mock(DeadLetters.class),
                List.of(new ConsumerGroupHandler(ConsumerGroup.ORDER, message -> true, true),
                        new ConsumerGroupHandler(ConsumerGroup.WEBHOOKS, message -> true, false, paid),
                        new ConsumerGroupHandler(ConsumerGroup.POINTS, message -> true, true, paid)));

        assertThat(consumers.pushConsumers()).extracting(StartingClient::name)
                .containsExactly("points-consumer-push-consumer");
        assertThat(consumers.deadLetterCaptures()).extracting(StartingClient::name)
                .containsExactly("order-producer-dlq-capture", "points-consumer-dlq-capture");
        assertThat(starter.status().pending()).containsExactlyInAnyOrder("points-consumer-push-consumer",
                "order-producer-dlq-capture", "points-consumer-dlq-capture");
    }
}
