package io.txorders.messaging.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.txorders.messaging.tracing.MessageTracing;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.StockReserved;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;

/** The consume loop's decisions, with the database mocked: rules, not effects (those are in the services' ITs). */
class IdempotentConsumerTest {

    private final InboxGuard inbox = mock(InboxGuard.class);
    private final DeadLetters deadLetters = mock(DeadLetters.class);
    private final PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Retry retry = Retry.of("inbox", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(1))
            .retryOnException(new TransientFailures()).build());
    private final IdempotentConsumer consumer = new IdempotentConsumer("g", inbox, deadLetters, transactions, retry, meters,
            MessageTracing.NONE);
    private final StockReserved event = new StockReserved(EventIds.newId(), 1, Instant.now(), "O1");

    IdempotentConsumerTest() {
        when(transactions.getTransaction(any())).thenReturn(mock(TransactionStatus.class));
    }

    @Test
    void everyOutcomeOfTheGroupIsCountedFromZeroBeforeTheFirstMessage() {
        assertThat(meters.find("txorders.consumer.messages").tag("group", "g").counters())
                .hasSize(ConsumeOutcome.values().length)
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertThat(meters.find("txorders.consumer.messages").tags("group", "g", "outcome", "failed").counter())
                .isNotNull();
    }

    @Test
    void anUnreadableBodyIsDeadLetteredAndAcknowledgedWithoutRunningTheHandler() {
        InboundMessage garbage = new InboundMessage("t", "m1", "StockReserved", List.of("k"),
                "{oops".getBytes(StandardCharsets.UTF_8), 1);

        boolean acknowledged = consumer.consume(garbage, e -> {
            throw new AssertionError("must not run");
        });

        assertThat(acknowledged).isTrue();
        verify(deadLetters).record(eq("g"), eq(garbage), anyString());
    }

    @Test
    void aDuplicateIsAcknowledgedAndCountedWithoutRunningTheHandler() {
        when(inbox.record("g", event)).thenReturn(false);

        boolean acknowledged = consumer.consume(message(), e -> {
            throw new AssertionError("must not run");
        });

        assertThat(acknowledged).isTrue();
        assertThat(meters.counter("txorders.consumer.messages", "group", "g", "outcome", "duplicate").count()).isEqualTo(1);
    }

    @Test
    void anEventTheGroupDoesNotWantIsAcknowledgedAsIgnoredWithoutATransactionOrAnInboxRow() {
        boolean acknowledged = consumer.consumeIfWanted(message(), e -> false, e -> {
            throw new AssertionError("must not run");
        });

        assertThat(acknowledged).isTrue();
        verify(transactions, never()).getTransaction(any());
        verify(inbox, never()).record(anyString(), any());
        assertThat(meters.counter("txorders.consumer.messages", "group", "g", "outcome", "ignored").count()).isEqualTo(1);
    }

    @Test
    void anEventTheGroupWantsGoesThroughTheInboxAsWithConsume() {
        when(inbox.record("g", event)).thenReturn(true, false);
        AtomicInteger applied = new AtomicInteger();

        consumer.consumeIfWanted(message(), e -> true, e -> {
            applied.incrementAndGet();
            return ConsumeOutcome.APPLIED;
        });
        consumer.consumeIfWanted(message(), e -> true, e -> {
            applied.incrementAndGet();
            return ConsumeOutcome.APPLIED;
        });

        assertThat(applied).hasValue(1);
        assertThat(meters.counter("txorders.consumer.messages", "group", "g", "outcome", "applied").count()).isEqualTo(1);
        assertThat(meters.counter("txorders.consumer.messages", "group", "g", "outcome", "duplicate").count()).isEqualTo(1);
    }

    @Test
    void aSelfTransactedDuplicateIsFoundBeforeItsHandlerWhenTheHandlerSendsFirst() {
        when(inbox.seen("g", event.eventId())).thenReturn(true);

        boolean acknowledged = consumer.consumeSelfTransacted(message(), (e, inboxStep) -> {
            throw new AssertionError("must not run: it would send before learning it is a duplicate");
        });

        assertThat(acknowledged).isTrue();
        assertThat(meters.counter("txorders.consumer.messages", "group", "g", "outcome", "duplicate").count()).isEqualTo(1);
    }

    @Test
    void aSelfTransactedEventWhoseHandlerSendsNothingFirstIsNotLookedUpBeforeItsTransaction() {
        when(inbox.record("g", event)).thenReturn(true, false);
        AtomicInteger applied = new AtomicInteger();
        IdempotentConsumer.SelfTransactedHandler handler = (e, inboxStep) -> {
            if (!inboxStep.firstDelivery()) {
                return ConsumeOutcome.DUPLICATE;
            }
            applied.incrementAndGet();
            return ConsumeOutcome.APPLIED;
        };

        consumer.consumeSelfTransacted(message(), e -> false, handler);
        consumer.consumeSelfTransacted(message(), e -> false, handler);

        verify(inbox, never()).seen(anyString(), any());
        assertThat(applied).as("the handler's own inbox step tells the duplicate").hasValue(1);
        assertThat(meters.counter("txorders.consumer.messages", "group", "g", "outcome", "duplicate").count()).isEqualTo(1);
    }

    @Test
    void aTransientFailureIsRetriedInProcess() {
        when(inbox.record("g", event)).thenReturn(true);
        AtomicInteger calls = new AtomicInteger();

        boolean acknowledged = consumer.consume(message(), e -> {
            if (calls.incrementAndGet() < 3) {
                throw new CannotAcquireLockException("lock wait timeout");
            }
            return ConsumeOutcome.APPLIED;
        });

        assertThat(acknowledged).isTrue();
        assertThat(calls).hasValue(3);
        assertThat(meters.counter("txorders.consumer.messages", "group", "g", "outcome", "applied").count()).isEqualTo(1);
    }

    @Test
    void aFailureThatRetryingCannotFixIsLeftToTheBrokerAtOnce() {
        when(inbox.record("g", event)).thenReturn(true);
        AtomicInteger calls = new AtomicInteger();

        boolean acknowledged = consumer.consume(message(), e -> {
            calls.incrementAndGet();
            throw new IllegalStateException("ledger and stock disagree");
        });

        assertThat(acknowledged).isFalse();
        assertThat(calls).hasValue(1);
        assertThat(meters.counter("txorders.consumer.messages", "group", "g", "outcome", "failed").count()).isEqualTo(1);
        verify(deadLetters, never()).record(any(), any(), any());
    }

    /**
     * The database that would keep the dead letter is down: the failure escaped to the client library, which logged
     * it to its own file only, and the message counted nowhere.
     */
    @Test
    void anUnreadableMessageTheDeadLetterTableCannotTakeIsFailedCountedAndDeliveredAgain() {
        doThrow(new CannotGetJdbcConnectionException("Communications link failure"))
                .when(deadLetters).record(any(), any(), any());
        InboundMessage garbage = new InboundMessage("t", "m1", "StockReserved", List.of("k"),
                "{oops".getBytes(StandardCharsets.UTF_8), 2);
        InboundMessage alsoGarbage = new InboundMessage("t", "m3", "StockReserved", List.of("k"),
                "{oops".getBytes(StandardCharsets.UTF_8), 1);
        InboundMessage moreGarbage = new InboundMessage("t", "m4", "StockReserved", List.of("k"),
                "{oops".getBytes(StandardCharsets.UTF_8), 1);
        when(inbox.recordAll(eq("g"), any())).thenReturn(new java.util.HashSet<>(Set.of(event.eventId())));

        boolean acknowledged = consumer.consume(garbage, e -> {
            throw new AssertionError("must not run");
        });
        List<Boolean> acks = consumer.consumeBatch(List.of(message(), alsoGarbage, moreGarbage),
                events -> Map.of(event.eventId(), ConsumeOutcome.APPLIED), e -> ConsumeOutcome.APPLIED);

        assertThat(acknowledged).isFalse();
        assertThat(acks).as("the readable one is applied; the unreadable ones come back").containsExactly(true, false,
                false);
        verify(deadLetters, times(2).description("once per consume, once per batch: not again for the third"))
                .record(any(), any(), any());
        assertThat(meters.counter("txorders.consumer.messages", "group", "g", "outcome", "failed").count()).isEqualTo(3);
        assertThat(meters.counter("txorders.consumer.messages", "group", "g", "outcome", "rejected").count()).isZero();
    }

    @Test
    void aTagThatContradictsTheBodyIsUnreadable() {
        InboundMessage mislabelled = new InboundMessage("t", "m2", "OrderPaid", List.of("k"),
                new EventCodec().encode(event), 1);

        assertThat(consumer.consume(mislabelled, e -> ConsumeOutcome.APPLIED)).isTrue();

        verify(deadLetters).record(eq("g"), eq(mislabelled), anyString());
    }

    @Test
    void aBatchTheDatabaseCannotTakeIsLeftToTheBrokersBackOffNotTriedMessageByMessage() {
        when(transactions.getTransaction(any())).thenThrow(new CannotCreateTransactionException(
                "Could not open JDBC Connection for transaction",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out")));
        InboundMessage unreadable = new InboundMessage("t", "m2", "StockReserved", List.of("k"),
                "{not json".getBytes(StandardCharsets.UTF_8), 1);

        List<Boolean> acks = consumer.consumeBatch(List.of(message(), unreadable), events -> {
            throw new AssertionError("no transaction, no batch handler");
        }, e -> {
            throw new AssertionError("not message by message: each would wait out the connection timeout again");
        });

        assertThat(acks).as("the readable one comes back after its back-off; the unreadable one is a dead letter")
                .containsExactly(false, true);
        verify(transactions, times(1)).getTransaction(any());
        assertThat(meters.counter("txorders.consumer.messages", "group", "g", "outcome", "failed").count()).isEqualTo(1);
    }

    @Test
    void aBatchThatFailsForAnotherReasonIsConsumedMessageByMessage() {
        when(transactions.getTransaction(any())).thenThrow(new CannotAcquireLockException("lock wait timeout"))
                .thenReturn(mock(TransactionStatus.class));
        when(inbox.record("g", event)).thenReturn(true);

        List<Boolean> acks = consumer.consumeBatch(List.of(message()), events -> {
            throw new AssertionError("the batch transaction failed before its handler");
        }, e -> ConsumeOutcome.APPLIED);

        assertThat(acks).containsExactly(true);
        assertThat(meters.counter("txorders.consumer.messages", "group", "g", "outcome", "applied").count()).isEqualTo(1);
    }

    private InboundMessage message() {
        return new InboundMessage("t", "m", "StockReserved", List.of(event.eventId().toString(), "O1"),
                new EventCodec().encode(event), 1);
    }
}
