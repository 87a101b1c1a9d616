package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.contract.OrderCancelled;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.publish.CheckBackAnswer;
import io.txorders.messaging.publish.CommitConfirmations;
import io.txorders.messaging.publish.CommitOutcomeUnknownException;
import io.txorders.messaging.publish.EventPublishingUnavailableException;
import io.txorders.messaging.publish.PublishFaults;
import io.txorders.messaging.publish.TransactionStateCheck;
import io.txorders.messaging.publish.TransactionStateRepository;
import java.sql.SQLRecoverableException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional publish's rules, with the client and the database mocked: the half-message retry (a broker of
 * several down), the tombstone, and a commit whose answer was lost. That the publish as a whole works against a real broker is proved by the integration tests.
 */
class HalfMessageRetryTest {

    private final Producer producer = mock(Producer.class);
    private final TransactionStateRepository states = mock(TransactionStateRepository.class);
    private final TransactionStateCheck check = mock(TransactionStateCheck.class);
    private final TransactionTemplate transactions = mock(TransactionTemplate.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CommitConfirmations confirmations = new CommitConfirmations(states, Clock.systemUTC(),
            new SimpleMeterRegistry());
    private final AtomicInteger localChanges = new AtomicInteger();
    private final RocketMqTransactionalEventPublisher publisher = new RocketMqTransactionalEventPublisher(producer,
            ClientServiceProvider.loadService(), states,
            confirmations, check, transactions,
            PublishFaults.NONE, meters, Clock.systemUTC());

    @Test
    void everyOutcomeOfTheEventTypesOfItsTopicsIsCountedFromZero() {
        publisher.countingFromZero(List.of(Topic.ORDER_EVENTS));

        for (String outcome : RocketMqTransactionalEventPublisher.OUTCOMES) {
            assertThat(meters.find("txorders.tx.published").tags("event", "OrderCreated", "outcome", outcome)
                    .counter()).as(outcome).isNotNull().satisfies(counter -> assertThat(counter.count()).isZero());
        }
        assertThat(meters.find("txorders.tx.published").tag("outcome", "unavailable").counters())
                .hasSize((int) Arrays.stream(EventType.values()).filter(t -> t.topic() == Topic.ORDER_EVENTS).count());
    }

    @Test
    void aRefusedHalfMessageIsSentAgainAndTheLocalTransactionRunsOnce() throws Exception {
        Transaction refused = mock(Transaction.class);
        Transaction taken = mock(Transaction.class);
        when(producer.beginTransaction()).thenReturn(refused, taken);
        when(producer.send(any(Message.class), any(Transaction.class)))
                .thenThrow(new ClientException("broker-b unreachable"))
                .thenReturn(mock(SendReceipt.class));
        runTransactionsInline();

        String result = publisher.publish(event(), () -> "placed#" + localChanges.incrementAndGet());

        assertThat(result).isEqualTo("placed#1");
        verify(taken).commit();
        verify(refused, never()).commit();
    }

    @Test
    void afterTheLastRefusalNothingLocalRuns() throws Exception {
        when(producer.beginTransaction()).thenReturn(mock(Transaction.class));
        when(producer.send(any(Message.class), any(Transaction.class)))
                .thenThrow(new ClientException("all brokers unreachable"));
        runTransactionsInline();

        assertThatThrownBy(() -> publisher.publish(event(), () -> localChanges.incrementAndGet()))
                .isInstanceOf(EventPublishingUnavailableException.class)
                .hasMessageContaining(RocketMqTransactionalEventPublisher.HALF_MESSAGE_ATTEMPTS + " attempts");
        assertThat(localChanges).hasValue(0);
        verify(producer, org.mockito.Mockito.times(RocketMqTransactionalEventPublisher.HALF_MESSAGE_ATTEMPTS))
                .send(any(Message.class), any(Transaction.class));
    }

    @Test
    void aCheckBackTombstoneMakesEveryPublishRetryableAndChangesNothing() throws Exception {
        Transaction transaction = mock(Transaction.class);
        when(producer.beginTransaction()).thenReturn(transaction);
        when(producer.send(any(Message.class), any(Transaction.class))).thenReturn(mock(SendReceipt.class));
        org.mockito.Mockito.doThrow(new org.springframework.dao.DuplicateKeyException("tx_state PRIMARY"))
                .when(states).insertCommitted(any(), any(), any(), any(), any());
        runTransactionsInline();

        // A cancellation or a payment (not only a placement) is a 503 with Retry-After, never a 500.
        assertThatThrownBy(() -> publisher.publish(event(), () -> localChanges.incrementAndGet()))
                .isInstanceOf(EventPublishingUnavailableException.class)
                .hasMessageContaining("check-back rolled back");
        assertThat(localChanges).hasValue(0);
        verify(transaction).rollback();
        verify(transaction, never()).commit();
    }

    /**
     * The local change ran but the database's answer to its commit never came: the publish must not roll back a
     * message whose change may be committed. It asks {@code tx_state} as the check-back would (whose own answers are
     * TransactionStateCheckTest's and CheckBackIT's; the whole path on a real database is CommitAnswerLostIT's).
     */
    @Nested
    class WhenTheAnswerToTheCommitIsLost {

        private final Transaction transaction = mock(Transaction.class);
        private final Event event = event();

        @BeforeEach
        @SuppressWarnings("unchecked")
        void theChangeRunsAndItsCommitGoesUnanswered() throws Exception {
            when(producer.beginTransaction()).thenReturn(transaction);
            when(producer.send(any(Message.class), any(Transaction.class))).thenReturn(mock(SendReceipt.class));
            when(transactions.execute(any())).thenAnswer(invocation -> {
                ((TransactionCallback<Object>) invocation.getArgument(0)).doInTransaction(new SimpleTransactionStatus());
                throw new TransactionSystemException("Could not commit JDBC transaction",
                        new SQLRecoverableException("Communications link failure during commit()", "08S01"));
            });
        }

        @Test
        void aCommitTheDatabaseMadeIsSentAndTheChangesResultReturned() throws Exception {
            when(check.outcomeOfLocalCommit(event.eventId(), "01TESTORDER", "OrderCancelled"))
                    .thenReturn(CheckBackAnswer.COMMIT);

            String result = publisher.publish(event, () -> "cancelled");

            assertThat(result).isEqualTo("cancelled");
            verify(transaction).commit();
            verify(transaction, never()).rollback();
            verify(check, never()).answer(any(), any(), any());
            assertThat(meters.counter("txorders.tx.published", "event", "OrderCancelled", "outcome", "commit").count())
                    .isEqualTo(1);
        }

        @Test
        void aCommitTheDatabaseDidNotMakeIsRolledBackAndTheFailureRethrown() throws Exception {
            when(check.outcomeOfLocalCommit(eq(event.eventId()), any(), any())).thenReturn(CheckBackAnswer.ROLLBACK);

            assertThatThrownBy(() -> publisher.publish(event, () -> "cancelled"))
                    .isInstanceOf(TransactionSystemException.class);
            verify(transaction).rollback();
            verify(transaction, never()).commit();
        }

        @Test
        void aCommitWhoseSendFailsIsNotConfirmedSoTheRecoveryStillSeesIt() throws Exception {
            when(check.outcomeOfLocalCommit(eq(event.eventId()), any(), any())).thenReturn(CheckBackAnswer.COMMIT);
            org.mockito.Mockito.doThrow(new ClientException("proxy unreachable")).when(transaction).commit();

            assertThat(publisher.publish(event, () -> "cancelled")).isEqualTo("cancelled");
            assertThat(confirmations.waiting()).isZero();
        }

        @Test
        void aQuestionThatFailsIsAnUnknownOutcomeWithTheCommitFailureKept() throws Exception {
            when(check.outcomeOfLocalCommit(eq(event.eventId()), any(), any()))
                    .thenThrow(new IllegalStateException("no tx_state repository"));

            assertThatThrownBy(() -> publisher.publish(event, () -> "cancelled"))
                    .isInstanceOf(CommitOutcomeUnknownException.class)
                    .cause().hasSuppressedException(new IllegalStateException("no tx_state repository"));
            verify(transaction, never()).rollback();
            verify(transaction, never()).commit();
        }

        @Test
        void whenTheDatabaseCannotSayNeitherIsSentAndTheCheckBackSettlesIt() throws Exception {
            when(check.outcomeOfLocalCommit(eq(event.eventId()), any(), any())).thenReturn(CheckBackAnswer.UNKNOWN);

            assertThatThrownBy(() -> publisher.publish(event, () -> "cancelled"))
                    .isInstanceOf(CommitOutcomeUnknownException.class)
                    .hasCauseInstanceOf(TransactionSystemException.class);
            verify(transaction, never()).rollback();
            verify(transaction, never()).commit();
            assertThat(meters.counter("txorders.tx.published", "event", "OrderCancelled", "outcome", "unknown").count())
                    .isEqualTo(1);
        }
    }

    @SuppressWarnings("unchecked")
    private void runTransactionsInline() {
        when(transactions.execute(any())).thenAnswer(invocation ->
                ((TransactionCallback<Object>) invocation.getArgument(0)).doInTransaction(new SimpleTransactionStatus()));
    }

    private static Event event() {
        return new OrderCancelled(EventIds.newId(), 1, Instant.now(), "01TESTORDER", 1, "USER");
    }
}
