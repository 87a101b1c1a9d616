package io.txorders.messaging.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.inbox.ConsumerGroupHandler;
import io.txorders.messaging.inbox.DeadLetterResubmission;
import io.txorders.messaging.inbox.DeadLetters;
import io.txorders.messaging.inbox.InboxGuard;
import io.txorders.messaging.inbox.InboxRetention;
import io.txorders.messaging.rocketmq.RocketMqClientStarter;
import io.txorders.messaging.rocketmq.RocketMqHealthIndicator;
import io.txorders.messaging.rocketmq.GroupConsumers;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

class TxordersMessagingAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TxordersMessagingAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void aServiceWithADatabaseGetsItsInboxDeadLettersAndConsumersAndRocketMqClients() {
        runner.withBean(JdbcTemplate.class, () -> new JdbcTemplate(mock(DataSource.class)))
                .withBean(PlatformTransactionManager.class, () -> mock(PlatformTransactionManager.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(InboxGuard.class).hasSingleBean(DeadLetters.class)
                            .hasSingleBean(InboxRetention.class).hasSingleBean(IdempotentConsumers.class)
                            .hasSingleBean(ClientConfiguration.class).hasSingleBean(RocketMqClientStarter.class)
                            .hasBean("rocketMq");
                    assertThat(context.getBean(Clock.class).getZone()).isEqualTo(ZoneOffset.UTC);
                    assertThat(context.getBean(IdempotentConsumers.class).forGroup(ConsumerGroup.POINTS)).isNotNull();
                });
    }

    @Test
    void declaredGroupsAreResubmittable() {
        runner.withBean(JdbcTemplate.class, () -> new JdbcTemplate(mock(DataSource.class)))
                .withBean(PlatformTransactionManager.class, () -> mock(PlatformTransactionManager.class))
                .withBean("points", ConsumerGroupHandler.class,
                        () -> new ConsumerGroupHandler(ConsumerGroup.POINTS, message -> true, false))
                .withBean("webhooks", ConsumerGroupHandler.class,
                        () -> new ConsumerGroupHandler(ConsumerGroup.WEBHOOKS, message -> true, false))
                .run(context -> {
                    assertThat(context).hasSingleBean(DeadLetterResubmission.class);
                    assertThat(context.getBean(GroupConsumers.class).deadLetterCaptures()).isEmpty();
                });
    }

    @Test
    void withoutADatabaseThereIsNoInboxButTheRocketMqClientsAreConfigured() {
        runner.run(context -> assertThat(context).doesNotHaveBean(InboxGuard.class)
                .doesNotHaveBean(IdempotentConsumers.class).hasSingleBean(RocketMqClientStarter.class));
    }

    @Test
    void theClockTicksInWholeMillisecondsThePrecisionOfEveryStoredTime() {
        runner.run(context -> {
            Clock clock = context.getBean(Clock.class);
            for (int i = 0; i < 100; i++) {
                assertThat(clock.instant().getNano() % 1_000_000).isZero();
            }
        });
    }

    @Test
    void theServicesOwnBeansWin() {
        Clock fixed = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
        runner.withBean(Clock.class, () -> fixed).run(context -> assertThat(context.getBean(Clock.class)).isSameAs(fixed));
    }

    /** E.g. a client configuration with settings rocketmq.* does not offer: every client is built with it. */
    @Test
    void theServicesOwnRocketMqClientConfigurationWins() {
        ClientConfiguration own = ClientConfiguration.newBuilder().setEndpoints("127.0.0.1:1").build();
        runner.withBean("ownClientConfiguration", ClientConfiguration.class, () -> own)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ClientConfiguration.class);
                    assertThat(context.getBean(ClientConfiguration.class)).isSameAs(own);
                    assertThat(context.getBean("rocketMq", RocketMqHealthIndicator.class).health(true).getDetails())
                            .as("readiness checks the endpoints the clients use").containsEntry("endpoints", "127.0.0.1:1");
                });
    }

    @Test
    void theInboxRetryRetriesTransientDatabaseFailuresOnlyAsConfigured() {
        runner.withPropertyValues("txorders.inbox.retry.max-attempts=6", "txorders.inbox.retry.wait-duration=1ms")
                .run(context -> {
                    Retry retry = context.getBean("inboxRetry", Retry.class);
                    assertThat(retry.getRetryConfig().getMaxAttempts()).isEqualTo(6);
                    assertThat(retry.getRetryConfig().getExceptionPredicate()
                            .test(new SQLTransientConnectionException("connection lost"))).isTrue();
                    assertThat(retry.getRetryConfig().getExceptionPredicate()
                            .test(new DataIntegrityViolationException("duplicate key"))).isFalse();
                });
    }
}
