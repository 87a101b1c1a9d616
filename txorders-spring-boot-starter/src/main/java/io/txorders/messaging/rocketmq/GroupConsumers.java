package io.txorders.messaging.rocketmq;

import io.txorders.messaging.inbox.ConsumerGroupHandler;
import io.txorders.messaging.inbox.DeadLetters;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;

/**
 * The consumers the starter runs for the {@link ConsumerGroupHandler}s an instance consumes, registered with the
 * {@link RocketMqClientStarter} (so they are retried while the broker is away at start-up and closed with the other
 * clients): for each, the capture of its dead letters ({@code <group>-dlq-capture}) and, given a push subscription,
 * its push consumer ({@code <group>-push-consumer}), which calls the handler for every message.
 *
 * @param pushConsumers the registered push consumers, in the order of the handlers
 * @param deadLetterCaptures the registered dead-letter captures, in the order of the handlers
 */
public record GroupConsumers(List<StartingClient<PushConsumer>> pushConsumers,
                                 List<StartingClient<PushConsumer>> deadLetterCaptures) {

    /** Registers the push consumer and the dead-letter capture of each handler this instance consumes. */
    public static GroupConsumers register(RocketMqClientStarter starter, ClientServiceProvider provider,
                                              ClientConfiguration configuration, DeadLetters deadLetters,
                                              List<ConsumerGroupHandler> handlers) {
        List<ConsumerGroupHandler> consumed = handlers.stream().filter(ConsumerGroupHandler::consuming).toList();
        consumed.forEach(handler -> deadLetters.countFor(handler.group().groupName()));
        List<StartingClient<PushConsumer>> pushConsumers = consumed.stream().filter(h -> h.push() != null)
                .map(h -> starter.register(h.group().groupName() + "-push-consumer",
                        () -> pushConsumer(provider, configuration, h)))
                .toList();
        List<StartingClient<PushConsumer>> captures = consumed.stream()
                .map(h -> starter.register(h.group().groupName() + "-dlq-capture",
                        () -> DeadLetterCapture.start(configuration, h.group(), deadLetters)))
                .toList();
        return new GroupConsumers(pushConsumers, captures);
    }

    private static PushConsumer pushConsumer(ClientServiceProvider provider, ClientConfiguration configuration,
                                             ConsumerGroupHandler handler) throws Exception {
        Map<String, FilterExpression> subscriptions = handler.push().tagsByTopic().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().topicName(),
                        e -> new FilterExpression(e.getValue(), FilterExpressionType.TAG)));
        return provider.newPushConsumerBuilder()
                .setClientConfiguration(configuration)
                .setConsumerGroup(handler.group().groupName())
                .setSubscriptionExpressions(subscriptions)
                .setConsumptionThreadCount(handler.push().threads())
                .setMessageListener(message -> handler.handler().test(InboundMessages.from(message))
                        ? ConsumeResult.SUCCESS : ConsumeResult.FAILURE)
                .build();
    }
}
