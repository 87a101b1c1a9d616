package io.txorders.points.messaging;

import io.txorders.messaging.autoconfigure.IdempotentConsumers;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.contract.OrderPaid;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.inbox.ConsumeOutcome;
import io.txorders.messaging.inbox.ConsumerGroupHandler;
import io.txorders.messaging.inbox.IdempotentConsumer;
import io.txorders.messaging.inbox.InboundMessage;
import io.txorders.messaging.rocketmq.RocketMqClientStarter;
import io.txorders.messaging.rocketmq.StartingClient;
import io.txorders.points.points.PointsService;
import io.txorders.messaging.rocketmq.InboundMessages;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * points-consumer's RocketMQ client: OrderPaid from order-events, through the inbox; built by the
 * {@link RocketMqClientStarter}: retried while the broker is not there yet at start-up.
 */
@Configuration(proxyBeanMethods = false)
class RocketMqClients {

    @Bean
    IdempotentConsumer orderPaidConsumer(IdempotentConsumers consumers) {
        return consumers.forGroup(ConsumerGroup.POINTS);
    }

    /** OrderPaid → points, through the inbox; what the push consumer and a dead-letter resubmission call. */
    @Bean
    Predicate<InboundMessage> orderPaidHandler(IdempotentConsumer orderPaidConsumer, PointsService points) {
        return message -> orderPaidConsumer.consume(message, event ->
                event instanceof OrderPaid paid ? points.award(paid) : ConsumeOutcome.REJECTED);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "points.consumer.enabled", matchIfMissing = true)
    StartingClient<PushConsumer> orderPaidPushConsumer(RocketMqClientStarter starter, ClientServiceProvider provider,
                                                       ClientConfiguration configuration,
                                                       Predicate<InboundMessage> orderPaidHandler,
                                                       @Value("${points.consumer.threads:4}") int threads) {
        return starter.register("orderPaidPushConsumer", () -> provider.newPushConsumerBuilder()
                .setClientConfiguration(configuration)
                .setConsumerGroup(ConsumerGroup.POINTS.groupName())
                .setSubscriptionExpressions(Map.of(Topic.ORDER_EVENTS.topicName(),
                        new FilterExpression(EventType.OrderPaid.tag(), FilterExpressionType.TAG)))
                .setConsumptionThreadCount(threads)
                .setMessageListener(message -> orderPaidHandler.test(InboundMessages.from(message))
                        ? ConsumeResult.SUCCESS : ConsumeResult.FAILURE)
                .build());
    }

    /** Dead letters of the group are captured (when this instance consumes) and resubmitted through the inbox. */
    @Bean
    ConsumerGroupHandler pointsGroup(Predicate<InboundMessage> orderPaidHandler,
                                     @Value("${points.consumer.enabled:true}") boolean consuming) {
        return new ConsumerGroupHandler(ConsumerGroup.POINTS, orderPaidHandler, consuming);
    }
}
