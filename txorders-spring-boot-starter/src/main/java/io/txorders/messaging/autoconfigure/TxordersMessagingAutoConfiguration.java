package io.txorders.messaging.autoconfigure;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.inbox.ConsumerGroupHandler;
import io.txorders.messaging.inbox.DeadLetterResubmission;
import io.txorders.messaging.inbox.DeadLetters;
import io.txorders.messaging.inbox.InboundMessage;
import io.txorders.messaging.inbox.InboxGuard;
import io.txorders.messaging.inbox.InboxRetention;
import io.txorders.messaging.inbox.TransientFailures;
import io.txorders.messaging.rocketmq.GroupConsumers;
import io.txorders.messaging.rocketmq.RocketMqClientStarter;
import io.txorders.messaging.rocketmq.RocketMqClientsConfiguration;
import io.txorders.messaging.tracing.MessageTracing;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What every txorders service gets by depending on the starter: the RocketMQ clients' configuration, start-up and
 * health ({@link RocketMqClientsConfiguration}), a UTC {@link Clock}, and, once the service has a database
 * ({@link JdbcTemplate}), its inbox ({@link InboxGuard}, purged by {@link InboxRetention}), its {@link DeadLetters}
 * and {@link IdempotentConsumers} to make each consumer group's idempotent consumer; for every
 * {@link ConsumerGroupHandler} the service declares, the group's push consumer (if it asks for one), the capture
 * of its dead letters and their resubmission. Every bean backs off when the
 * service defines its own.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration"})
@Import(RocketMqClientsConfiguration.class)
@EnableConfigurationProperties(InboxProperties.class)
@EnableScheduling
public class TxordersMessagingAutoConfiguration {

    /**
     * Time as an instant: every time the platform stores or compares comes from here. It ticks in whole milliseconds,
     * the precision of the {@code DATETIME(3)} columns the times are stored in. A finer instant would be one value in
     * an answer or an event and another once read back (the database truncates on MariaDB, and rounds half up on
     * MySQL 8, which can store a time later than the instant it was compared with before the write).
     */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.tickMillis(ZoneOffset.UTC);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JdbcTemplate.class)
    InboxGuard inboxGuard(JdbcTemplate jdbc, Clock clock) {
        return new InboxGuard(jdbc, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JdbcTemplate.class)
    DeadLetters deadLetters(JdbcTemplate jdbc, MeterRegistry meters, Clock clock) {
        return new DeadLetters(jdbc, meters, clock);
    }

    /** Purges inbox rows older than {@code txorders.inbox.retention}. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JdbcTemplate.class)
    InboxRetention inboxRetention(InboxGuard inboxGuard, InboxProperties properties, Clock clock) {
        return new InboxRetention(inboxGuard, properties.retention(), clock);
    }

    /**
     * The {@code inbox} retry, for transient database failures only ({@link TransientFailures}); registered with
     * resilience4j's registry when the service has one, so its metrics and actuator endpoint show it.
     */
    @Bean
    @ConditionalOnMissingBean(name = "inboxRetry")
    Retry inboxRetry(InboxProperties properties, ObjectProvider<RetryRegistry> registry) {
        InboxProperties.Retry retry = properties.retry();
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(retry.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(retry.waitDuration(), retry.backoffMultiplier()))
                .retryOnException(new TransientFailures())
                .build();
        RetryRegistry retries = registry.getIfAvailable();
        return retries == null ? Retry.of("inbox", config) : retries.retry("inbox", config);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JdbcTemplate.class)
    IdempotentConsumers idempotentConsumers(InboxGuard inboxGuard, DeadLetters deadLetters,
                                            PlatformTransactionManager transactions, Retry inboxRetry,
                                            MeterRegistry meters, ObjectProvider<MessageTracing> tracing) {
        // MessageTracing.NONE unless the service has tracing (io.txorders.messaging.tracing).
        return new IdempotentConsumers(inboxGuard, deadLetters, transactions, inboxRetry, meters,
                tracing.getIfAvailable(() -> MessageTracing.NONE));
    }

    /** Resubmits a dead letter through the {@link ConsumerGroupHandler} of its group. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(JdbcTemplate.class)
    DeadLetterResubmission deadLetterResubmission(DeadLetters deadLetters,
                                                  ObjectProvider<ConsumerGroupHandler> handlers) {
        Map<String, Predicate<InboundMessage>> byGroup = new LinkedHashMap<>();
        handlers.orderedStream().forEach(h -> {
            if (byGroup.put(h.group().groupName(), h.handler()) != null) {
                throw new IllegalStateException("two ConsumerGroupHandler beans for group " + h.group().groupName());
            }
        });
        return new DeadLetterResubmission(deadLetters, byGroup);
    }

    /**
     * For every {@link ConsumerGroupHandler} this instance consumes: its dead-letter capture and, given a push
     * subscription, its push consumer ({@link GroupConsumers}).
     */
    @Bean
    @ConditionalOnBean(JdbcTemplate.class)
    GroupConsumers groupConsumers(RocketMqClientStarter starter, ClientServiceProvider provider,
                                  ClientConfiguration configuration, DeadLetters deadLetters,
                                  ObjectProvider<ConsumerGroupHandler> handlers) {
        return GroupConsumers.register(starter, provider, configuration, deadLetters,
                handlers.orderedStream().toList());
    }
}
