package io.txorders.messaging.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.autoconfigure.OutboxAutoConfiguration;
import io.txorders.messaging.autoconfigure.TransactionalPublisherAutoConfiguration;
import io.txorders.messaging.autoconfigure.TxordersMessagingAutoConfiguration;
import io.txorders.messaging.inbox.DeadLetterResubmission;
import io.txorders.messaging.inbox.DeadLetters;
import io.txorders.messaging.outbox.OutboxOperations;
import io.txorders.messaging.publish.DiscardedPublishRecovery;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * The shared admin API of a web service: {@link MessagingAdminController} when it has an inbox,
 * {@link OutboxAdminController} when it has an outbox, {@link TransactionAdminController} when it publishes
 * transactionally. Each takes the {@link AdminOnlyInterceptor} it does not call: the controllers check no token
 * themselves, so where that interceptor is missing (its auto-configuration excluded) the start-up fails rather than
 * serving the admin API to anyone.
 */
@AutoConfiguration(after = {TxordersMessagingAutoConfiguration.class, OutboxAutoConfiguration.class,
        TransactionalPublisherAutoConfiguration.class, WebProblemsAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class AdminApiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({DeadLetters.class, DeadLetterResubmission.class})
    MessagingAdminController messagingAdminController(AdminOnlyInterceptor adminOnly, DeadLetters deadLetters,
                                                      DeadLetterResubmission resubmission, MeterRegistry meters) {
        return new MessagingAdminController(deadLetters, resubmission, meters);
    }

    /** {@code /admin/outbox}: in a service with an outbox ({@code txorders.outbox.enabled}). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(OutboxOperations.class)
    OutboxAdminController outboxAdminController(AdminOnlyInterceptor adminOnly, OutboxOperations outbox) {
        return new OutboxAdminController(outbox);
    }

    /** {@code /admin/transactions/{txId}/republish}: in a service that publishes ({@code txorders.publisher.enabled}). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DiscardedPublishRecovery.class)
    TransactionAdminController transactionAdminController(AdminOnlyInterceptor adminOnly,
                                                          DiscardedPublishRecovery recovery) {
        return new TransactionAdminController(recovery);
    }
}
