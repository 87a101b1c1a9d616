package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.inbox.ConsumerGroupHandler;
import io.txorders.messaging.inbox.DeadLetters;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.junit.jupiter.api.Test;

class DeadLetterCapturesTest {

    @Test
    void aCaptureIsRegisteredForEachGroupThisInstanceConsumesAndNoOther() {
        RocketMqClientStarter starter = new RocketMqClientStarter(
                new RocketMqStartupProperties(null, Duration.ofMillis(10), Duration.ofMillis(20)), failure -> { },
                Clock.systemUTC());

        DeadLetterCaptures captures = DeadLetterCaptures.register(starter,
                ClientConfiguration.newBuilder().setEndpoints("127.0.0.1:1").build(), mock(DeadLetters.class),
                Stream.of(new ConsumerGroupHandler(ConsumerGroup.ORDER, message -> true, true),
                        new ConsumerGroupHandler(ConsumerGroup.WEBHOOKS, message -> true, false),
                        new ConsumerGroupHandler(ConsumerGroup.POINTS, message -> true, true)));

        assertThat(captures.clients()).extracting(StartingClient::name)
                .containsExactly("order-producer-dlq-capture", "points-consumer-dlq-capture");
        assertThat(starter.status().pending())
                .containsExactly("order-producer-dlq-capture", "points-consumer-dlq-capture");
    }
}
