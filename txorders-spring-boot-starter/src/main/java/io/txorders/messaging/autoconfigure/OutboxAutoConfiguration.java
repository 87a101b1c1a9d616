package io.txorders.messaging.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.outbox.JdbcOutboxRepository;
import io.txorders.messaging.outbox.Outbox;
import io.txorders.messaging.outbox.OutboxMessageSender;
import io.txorders.messaging.outbox.OutboxOperations;
import io.txorders.messaging.outbox.OutboxProperties;
import io.txorders.messaging.outbox.OutboxRelay;
import io.txorders.messaging.outbox.OutboxRepository;
import io.txorders.messaging.rocketmq.RocketMqClientStarter;
import io.txorders.messaging.rocketmq.RocketMqOutboxSender;
import io.txorders.messaging.rocketmq.StartingProducer;
import io.txorders.messaging.tracing.MessageTracing;
import io.txorders.messaging.tracing.MessageTracingAutoConfiguration;
import java.time.Clock;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The local message table of a service that sets {@code txorders.outbox.enabled=true}: {@link Outbox} to append an
 * event in the business transaction, the {@link OutboxRelay} that publishes PENDING rows in id order at least once
 * (NORMAL messages through a producer of its own), and the operator's {@link OutboxOperations}. The service provides
 * the database and the {@code outbox} table. Every bean backs off when the service defines its own.
 */
@AutoConfiguration(after = {TxordersMessagingAutoConfiguration.class, MessageTracingAutoConfiguration.class})
@ConditionalOnBooleanProperty("txorders.outbox.enabled")
@ConditionalOnBean({JdbcTemplate.class, PlatformTransactionManager.class})
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OutboxRepository outboxRepository(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                                      ObjectProvider<MessageTracing> tracing) {
        return new JdbcOutboxRepository(jdbc, new TransactionTemplate(transactionManager),
                tracing.getIfAvailable(() -> MessageTracing.NONE));
    }

    @Bean
    @ConditionalOnMissingBean
    Outbox outbox(OutboxRepository rows, Clock clock, OutboxRelay relay) {
        // This instance's relay is woken after each commit that appended (a no-op signal when it does not relay).
        return new Outbox(rows, clock, relay::wakeUp);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxOperations outboxOperations(OutboxRepository rows, MeterRegistry meters, Clock clock) {
        return new OutboxOperations(rows, meters, clock);
    }

    /** The relay's producer; built by the {@link RocketMqClientStarter}, retried while the broker is away. */
    @Bean
    @ConditionalOnMissingBean(name = "outboxProducer")
    StartingProducer outboxProducer(RocketMqClientStarter starter, ClientServiceProvider provider,
                                    ClientConfiguration configuration, OutboxProperties properties) {
        String[] topics = properties.topics().stream().map(Topic::topicName).toArray(String[]::new);
        return new StartingProducer(starter.register("outboxProducer", () -> provider.newProducerBuilder()
                .setClientConfiguration(configuration)
                .setTopics(topics)
                .build()));
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxMessageSender outboxMessageSender(StartingProducer outboxProducer, ClientServiceProvider provider) {
        return new RocketMqOutboxSender(outboxProducer, provider);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(OutboxRepository rows, OutboxMessageSender sender, OutboxProperties properties,
                            MeterRegistry meters, Clock clock) {
        return new OutboxRelay(rows, sender, properties, meters, clock);
    }
}
