package io.txorders.messaging.autoconfigure;

import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.inbox.DeadLetters;
import io.txorders.messaging.inbox.IdempotentConsumer;
import io.txorders.messaging.inbox.InboxGuard;
import io.txorders.messaging.tracing.MessageTracing;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Makes the {@link IdempotentConsumer} of a consumer group, wired to this service's inbox, dead letters,
 * transactions, the inbox retry ({@code txorders.inbox.retry.*}), metrics and tracing: what a service declares per
 * group.
 */
public final class IdempotentConsumers {

    private final InboxGuard inbox;
    private final DeadLetters deadLetters;
    private final PlatformTransactionManager transactions;
    private final Retry retry;
    private final MeterRegistry meters;
    private final MessageTracing tracing;

    IdempotentConsumers(InboxGuard inbox, DeadLetters deadLetters, PlatformTransactionManager transactions, Retry retry,
                        MeterRegistry meters, MessageTracing tracing) {
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.transactions = transactions;
        this.retry = retry;
        this.meters = meters;
        this.tracing = tracing;
    }

    /** A consumer for {@code group}; messages are counted as {@code txorders.consumer.messages{group=…}}. */
    public IdempotentConsumer forGroup(ConsumerGroup group) {
        return new IdempotentConsumer(group.groupName(), inbox, deadLetters, transactions, retry, meters, tracing);
    }
}
