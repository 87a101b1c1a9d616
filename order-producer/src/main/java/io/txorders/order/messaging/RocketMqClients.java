package io.txorders.order.messaging;

import io.txorders.messaging.autoconfigure.IdempotentConsumers;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.inbox.ConsumeOutcome;
import io.txorders.messaging.inbox.ConsumerGroupHandler;
import io.txorders.messaging.inbox.InboundMessage;
import io.txorders.messaging.inbox.IdempotentConsumer;
import io.txorders.messaging.rocketmq.RocketMqClientStarter;
import io.txorders.messaging.rocketmq.StartingClient;
import io.txorders.messaging.rocketmq.StartingProducer;
import io.txorders.order.order.OrderService;
import io.txorders.order.webhook.WebhookService;
import io.txorders.messaging.rocketmq.InboundMessages;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rocketmq-client-java clients of order-producer (gRPC through the proxy), built by the
 * {@link RocketMqClientStarter}: retried while the broker is not there yet at start-up.
 */
@Configuration(proxyBeanMethods = false)
class RocketMqClients {

    @Bean
    IdempotentConsumer orderProducerConsumer(IdempotentConsumers consumers) {
        return consumers.forGroup(ConsumerGroup.ORDER);
    }

    /**
     * Reservation outcomes from inventory and this service's own payment deadlines; starts consuming once the
     * starter built it, closed by the starter before the database pool on shutdown.
     */
    @Bean
    @ConditionalOnBooleanProperty(name = "order.consumer.enabled", matchIfMissing = true)
    StartingClient<PushConsumer> inboundEventsPushConsumer(RocketMqClientStarter starter,
                                                           ClientServiceProvider provider,
                                                           ClientConfiguration configuration,
                                                           InboundEventsListener inboundEventsListener,
                                                           @Value("${order.consumer.threads:8}") int threads) {
        return starter.register("inboundEventsPushConsumer", () -> provider.newPushConsumerBuilder()
                .setClientConfiguration(configuration)
                .setConsumerGroup(ConsumerGroup.ORDER.groupName())
                .setSubscriptionExpressions(Map.of(
                        Topic.INVENTORY_EVENTS.topicName(), new FilterExpression("*", FilterExpressionType.TAG),
                        Topic.ORDER_TIMEOUTS.topicName(), new FilterExpression("*", FilterExpressionType.TAG)))
                .setConsumptionThreadCount(threads)
                .setMessageListener(inboundEventsListener)
                .build());
    }

    @Bean
    InboundEventsListener inboundEventsListener(IdempotentConsumer orderProducerConsumer, OrderService orders,
                                                TransactionTemplate transactions) {
        return new InboundEventsListener(orderProducerConsumer, orders, transactions);
    }

    /**
     * Order events → notification tasks, through the inbox of group {@code order-webhooks}. An event no
     * subscription wants is acknowledged as IGNORED without a transaction.
     */
    @Bean
    Predicate<InboundMessage> webhookTasksHandler(IdempotentConsumer webhookTasksConsumer, WebhookService webhooks) {
        return message -> webhookTasksConsumer.consumeIfWanted(message,
                event -> webhooks.anySubscriptionWants(event.type()), event -> {
                    webhooks.onOrderEvent(event);
                    return ConsumeOutcome.APPLIED;
                });
    }

    /** The group's dead letters are captured (when this instance consumes) and resubmitted through the listener. */
    @Bean
    ConsumerGroupHandler orderGroup(InboundEventsListener inboundEventsListener,
                                    @Value("${order.consumer.enabled:true}") boolean consuming) {
        return new ConsumerGroupHandler(ConsumerGroup.ORDER, inboundEventsListener::handle, consuming);
    }

    @Bean
    ConsumerGroupHandler webhooksGroup(Predicate<InboundMessage> webhookTasksHandler,
                                       @Value("${webhooks.enabled:true}") boolean consuming) {
        return new ConsumerGroupHandler(ConsumerGroup.WEBHOOKS, webhookTasksHandler, consuming);
    }

    @Bean
    IdempotentConsumer webhookTasksConsumer(IdempotentConsumers consumers) {
        return consumers.forGroup(ConsumerGroup.WEBHOOKS);
    }

    /** Order events → notification tasks for subscribed partners (group {@code order-webhooks}). */
    @Bean
    @ConditionalOnBooleanProperty(name = "webhooks.enabled", matchIfMissing = true)
    StartingClient<PushConsumer> webhookTasksPushConsumer(RocketMqClientStarter starter,
                                                          ClientServiceProvider provider,
                                                          ClientConfiguration configuration,
                                                          Predicate<InboundMessage> webhookTasksHandler) {
        return starter.register("webhookTasksPushConsumer", () -> provider.newPushConsumerBuilder()
                .setClientConfiguration(configuration)
                .setConsumerGroup(ConsumerGroup.WEBHOOKS.groupName())
                .setSubscriptionExpressions(Map.of(Topic.ORDER_EVENTS.topicName(),
                        new FilterExpression("*", FilterExpressionType.TAG)))
                .setConsumptionThreadCount(4)
                .setMessageListener(message -> webhookTasksHandler.test(InboundMessages.from(message))
                        ? ConsumeResult.SUCCESS : ConsumeResult.FAILURE)
                .build());
    }

    /**
     * The transactional producer. It declares {@code order-events} so the broker routes check-backs for that
     * topic to it (any instance of the service can answer: the state is in the database).
     */
    @Bean
    Producer orderEventsProducer(RocketMqClientStarter starter, ClientServiceProvider provider,
                                 ClientConfiguration configuration, TransactionStateChecker checker) {
        return new StartingProducer(starter.register("orderEventsProducer", () -> provider.newProducerBuilder()
                .setClientConfiguration(configuration)
                .setTopics(Topic.ORDER_EVENTS.topicName(), Topic.ORDER_TIMEOUTS.topicName())
                .setTransactionChecker(checker)
                .build()));
    }
}
