package io.txorders.inventory.messaging;

import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.inventory.reservation.ReservationService;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.inbox.DeadLetterResubmission;
import io.txorders.messaging.inbox.DeadLetters;
import io.txorders.messaging.inbox.IdempotentConsumer;
import io.txorders.messaging.inbox.InboxGuard;
import io.txorders.messaging.inbox.InboxRetention;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** inventory-consumer's RocketMQ clients: the order-events consumer and the outbox relay's producer. */
@Configuration(proxyBeanMethods = false)
class RocketMqClients {

    static final ConsumerGroup GROUP = ConsumerGroup.INVENTORY;

    @Bean
    ClientServiceProvider rocketMqProvider() {
        return ClientServiceProvider.loadService();
    }

    @Bean
    ClientConfiguration rocketMqClientConfiguration(RocketMqProperties properties) {
        return ClientConfiguration.newBuilder()
                .setEndpoints(properties.endpoints())
                .enableSsl(false)
                .setRequestTimeout(properties.requestTimeout())
                .build();
    }

    @Bean(destroyMethod = "close")
    Producer inventoryEventsProducer(ClientServiceProvider provider, ClientConfiguration configuration)
            throws ClientException {
        return provider.newProducerBuilder()
                .setClientConfiguration(configuration)
                .setTopics(Topic.INVENTORY_EVENTS.topicName())
                .build();
    }

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
    IdempotentConsumer orderEventsConsumer(InboxGuard inboxGuard, DeadLetters deadLetters, PlatformTransactionManager transactions,
                                           RetryRegistry retries, MeterRegistry meters) {
        return new IdempotentConsumer(GROUP.groupName(), inboxGuard, deadLetters, transactions,
                retries.retry("inbox"), meters);
    }

    /**
     * Starts consuming as soon as it is built; closed before the database pool on shutdown. Off with
     * {@code inventory.consumer.enabled=false} (e.g. an instance that only relays the outbox).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = "inventory.consumer.enabled", matchIfMissing = true)
    @ConditionalOnProperty(name = "inventory.consumer.mode", havingValue = "single")
    PushConsumer orderEventsPushConsumer(ClientServiceProvider provider, ClientConfiguration configuration,
                                         OrderEventsListener listener,
                                         @Value("${inventory.consumer.threads:8}") int threads) throws ClientException {
        String tags = subscribedTags();
        return provider.newPushConsumerBuilder()
                .setClientConfiguration(configuration)
                .setConsumerGroup(GROUP.groupName())
                .setSubscriptionExpressions(Map.of(Topic.ORDER_EVENTS.topicName(),
                        new FilterExpression(tags, FilterExpressionType.TAG)))
                .setConsumptionThreadCount(threads)
                .setMessageListener(listener)
                .build();
    }

    /**
     * The default ({@code inventory.consumer.mode=batch}): up to {@code inventory.consumer.batch-size} messages per
     * receive, runs of OrderCreated reserved in one transaction each (see {@link BatchedOrderEventsConsumer}).
     * {@code mode=single} keeps the one-message-per-transaction push consumer above, for comparison.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = "inventory.consumer.enabled", matchIfMissing = true)
    @ConditionalOnProperty(name = "inventory.consumer.mode", havingValue = "batch", matchIfMissing = true)
    BatchedOrderEventsConsumer batchedOrderEventsConsumer(ClientServiceProvider provider,
                                                          ClientConfiguration configuration,
                                                          OrderEventsListener listener,
                                                          @Value("${inventory.consumer.batch-size:32}") int batchSize,
                                                          @Value("${inventory.consumer.receivers:4}") int receivers)
            throws ClientException {
        SimpleConsumer consumer = provider.newSimpleConsumerBuilder()
                .setClientConfiguration(configuration)
                .setConsumerGroup(GROUP.groupName())
                .setSubscriptionExpressions(Map.of(Topic.ORDER_EVENTS.topicName(),
                        new FilterExpression(subscribedTags(), FilterExpressionType.TAG)))
                .setAwaitDuration(Duration.ofSeconds(5))
                .build();
        return new BatchedOrderEventsConsumer(consumer, listener, batchSize, receivers);
    }

    private static String subscribedTags() {
        return String.join("||", EventType.OrderCreated.tag(), EventType.OrderPaid.tag(),
                EventType.OrderCancelled.tag());
    }

    /** What the broker gave up on: recorded in dead_letter (off with the consumer). */
    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = "inventory.consumer.enabled", matchIfMissing = true)
    PushConsumer inventoryDeadLetterCapture(ClientConfiguration configuration, DeadLetters deadLetters)
            throws ClientException {
        return DeadLetterCapture.start(configuration, GROUP, deadLetters);
    }

    /** Resubmits a dead letter through the same listener the push consumer uses. */
    @Bean
    DeadLetterResubmission deadLetterResubmission(DeadLetters deadLetters, OrderEventsListener listener) {
        return new DeadLetterResubmission(deadLetters, Map.of(GROUP.groupName(), listener::handle));
    }

    @Bean
    OrderEventsListener orderEventsListener(IdempotentConsumer orderEventsConsumer, ReservationService reservations) {
        return new OrderEventsListener(orderEventsConsumer, reservations);
    }
}
