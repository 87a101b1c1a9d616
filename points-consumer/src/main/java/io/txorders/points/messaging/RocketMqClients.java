package io.txorders.points.messaging;

import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.contract.OrderPaid;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.inbox.ConsumeOutcome;
import io.txorders.messaging.inbox.DeadLetterResubmission;
import io.txorders.messaging.inbox.DeadLetters;
import io.txorders.messaging.inbox.IdempotentConsumer;
import io.txorders.messaging.inbox.InboundMessage;
import io.txorders.messaging.inbox.InboxGuard;
import io.txorders.messaging.inbox.InboxRetention;
import io.txorders.messaging.rocketmq.RocketMqClientStarter;
import io.txorders.messaging.rocketmq.RocketMqClientsConfiguration;
import io.txorders.messaging.rocketmq.StartingClient;
import io.txorders.points.points.PointsService;
import io.txorders.messaging.rocketmq.DeadLetterCapture;
import io.txorders.messaging.rocketmq.InboundMessages;
import java.time.Clock;
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
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * points-consumer's RocketMQ client: OrderPaid from order-events, through the inbox; built by the
 * {@link RocketMqClientStarter}: retried while the broker is not there yet at start-up.
 */
@Configuration(proxyBeanMethods = false)
@Import(RocketMqClientsConfiguration.class)
class RocketMqClients {

    /** This service's inbox: one table for all its consumer groups. */
    @Bean
    InboxGuard inboxGuard(JdbcTemplate jdbc, Clock clock) {
        return new InboxGuard(jdbc, clock);
    }

    @Bean
    DeadLetters deadLetters(JdbcTemplate jdbc, MeterRegistry meters, Clock clock) {
        return new DeadLetters(jdbc, meters, clock);
    }

    /** Purges this service's inbox rows older than {@code txorders.inbox.retention}. */
    @Bean
    InboxRetention inboxRetention(InboxGuard inboxGuard, Clock clock,
                                  @Value("${txorders.inbox.retention:7d}") java.time.Duration retention) {
        return new InboxRetention(inboxGuard, retention, clock);
    }

    @Bean
    IdempotentConsumer orderPaidConsumer(InboxGuard inboxGuard, DeadLetters deadLetters, PlatformTransactionManager transactions,
                                         RetryRegistry retries, MeterRegistry meters) {
        return new IdempotentConsumer(ConsumerGroup.POINTS.groupName(), inboxGuard, deadLetters, transactions,
                retries.retry("inbox"), meters);
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

    /** What the broker gave up on: recorded in dead_letter (off with the consumer). */
    @Bean
    @ConditionalOnBooleanProperty(name = "points.consumer.enabled", matchIfMissing = true)
    StartingClient<PushConsumer> pointsDeadLetterCapture(RocketMqClientStarter starter,
                                                         ClientConfiguration configuration, DeadLetters deadLetters) {
        return starter.register("pointsDeadLetterCapture",
                () -> DeadLetterCapture.start(configuration, ConsumerGroup.POINTS, deadLetters));
    }

    @Bean
    DeadLetterResubmission deadLetterResubmission(DeadLetters deadLetters, Predicate<InboundMessage> orderPaidHandler) {
        return new DeadLetterResubmission(deadLetters, Map.of(ConsumerGroup.POINTS.groupName(), orderPaidHandler));
    }
}
