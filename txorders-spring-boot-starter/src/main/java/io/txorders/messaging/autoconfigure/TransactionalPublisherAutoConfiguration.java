package io.txorders.messaging.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.publish.CommitConfirmations;
import io.txorders.messaging.publish.CommittedPublishSender;
import io.txorders.messaging.publish.DiscardedPublishRecovery;
import io.txorders.messaging.publish.JdbcTransactionStateRepository;
import io.txorders.messaging.publish.PublishFaults;
import io.txorders.messaging.publish.TransactionStateCheck;
import io.txorders.messaging.publish.TransactionStateRepository;
import io.txorders.messaging.publish.TransactionStateRetention;
import io.txorders.messaging.publish.TransactionalEventPublisher;
import io.txorders.messaging.rocketmq.RocketMqClientStarter;
import io.txorders.messaging.rocketmq.RocketMqCommittedPublishSender;
import io.txorders.messaging.rocketmq.RocketMqTransactionalEventPublisher;
import io.txorders.messaging.rocketmq.StartingProducer;
import io.txorders.messaging.rocketmq.TransactionStateChecker;
import java.time.Clock;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;
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
 * The transactional publish of a service that sets {@code txorders.publisher.enabled=true} (design §3): a
 * {@link TransactionalEventPublisher} that sends the half message, writes the {@code tx_state} row first in the local
 * transaction and then commits or rolls the message back; the check-back answered from {@code tx_state} with the
 * tombstone rule; batched commit confirmations; recovery of committed publishes the broker discarded; and the purge
 * of old rows. The service provides the database and the {@code tx_state} table; a {@link PublishFaults} bean, if it
 * declares one, breaks steps on purpose for simulations. Every bean backs off when the service defines its own.
 */
@AutoConfiguration(after = TxordersMessagingAutoConfiguration.class)
@ConditionalOnBooleanProperty("txorders.publisher.enabled")
@ConditionalOnBean({JdbcTemplate.class, PlatformTransactionManager.class})
@EnableConfigurationProperties(PublisherProperties.class)
public class TransactionalPublisherAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TransactionStateRepository transactionStateRepository(JdbcTemplate jdbc) {
        return new JdbcTransactionStateRepository(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    CommitConfirmations commitConfirmations(TransactionStateRepository states, Clock clock, MeterRegistry meters,
                                            PublisherProperties properties) {
        return new CommitConfirmations(states, clock, meters, properties.confirmInterval());
    }

    @Bean
    @ConditionalOnMissingBean
    TransactionStateCheck transactionStateCheck(TransactionStateRepository states, CommitConfirmations confirmations,
                                                Clock clock) {
        return new TransactionStateCheck(states, confirmations, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    TransactionStateChecker transactionStateChecker(TransactionStateCheck check, ObjectProvider<PublishFaults> faults,
                                                    MeterRegistry meters) {
        return new TransactionStateChecker(check, faults.getIfAvailable(() -> PublishFaults.NONE), meters);
    }

    /**
     * The transactional producer. It declares {@code txorders.publisher.topics} so the broker routes check-backs for
     * them to it (any instance of the service can answer: the state is in the database). Built by the
     * {@link RocketMqClientStarter}: retried while the broker is not there yet at start-up.
     */
    @Bean
    @ConditionalOnMissingBean(name = "transactionalProducer")
    Producer transactionalProducer(RocketMqClientStarter starter, ClientServiceProvider provider,
                                   ClientConfiguration configuration, TransactionStateChecker checker,
                                   PublisherProperties properties) {
        String[] topics = properties.topics().stream().map(Topic::topicName).toArray(String[]::new);
        return new StartingProducer(starter.register("transactionalProducer", () -> provider.newProducerBuilder()
                .setClientConfiguration(configuration)
                .setTopics(topics)
                .setTransactionChecker(checker)
                .build()));
    }

    @Bean
    @ConditionalOnMissingBean
    TransactionalEventPublisher transactionalEventPublisher(Producer transactionalProducer,
                                                            ClientServiceProvider provider,
                                                            TransactionStateRepository states,
                                                            CommitConfirmations confirmations,
                                                            TransactionStateCheck check,
                                                            PlatformTransactionManager transactionManager,
                                                            ObjectProvider<PublishFaults> faults, MeterRegistry meters,
                                                            Clock clock, PublisherProperties properties) {
        return new RocketMqTransactionalEventPublisher(transactionalProducer, provider, states, confirmations, check,
                new TransactionTemplate(transactionManager), faults.getIfAvailable(() -> PublishFaults.NONE), meters,
                clock).countingFromZero(properties.topics());
    }

    @Bean
    @ConditionalOnMissingBean
    CommittedPublishSender committedPublishSender(Producer transactionalProducer, ClientServiceProvider provider) {
        return new RocketMqCommittedPublishSender(transactionalProducer, provider);
    }

    /** Republishes committed publishes the broker gave up on ({@code txorders.publisher.recovery.*}). */
    @Bean
    @ConditionalOnMissingBean
    DiscardedPublishRecovery discardedPublishRecovery(TransactionStateRepository states, CommittedPublishSender sender,
                                                      PublisherProperties properties, MeterRegistry meters,
                                                      Clock clock) {
        return new DiscardedPublishRecovery(states, sender, properties.recovery(), properties.topics(), meters, clock);
    }

    /** Purges {@code tx_state} rows older than {@code txorders.publisher.retention}. */
    @Bean
    @ConditionalOnMissingBean
    TransactionStateRetention transactionStateRetention(TransactionStateRepository states,
                                                        PublisherProperties properties, Clock clock) {
        return new TransactionStateRetention(states, properties.retention(), clock);
    }
}
