package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.OrderCancelled;
import io.txorders.messaging.publish.EventPublishingUnavailableException;
import io.txorders.messaging.publish.PublishFaults;
import io.txorders.messaging.publish.TransactionStateRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The half-message retry of the transactional publish (a broker of several down): rules only, with the client
 * mocked. That the publish as a whole works against a real broker is proved by the integration tests.
 */
class HalfMessageRetryTest {

    private final Producer producer = mock(Producer.class);
    private final TransactionStateRepository states = mock(TransactionStateRepository.class);
    private final TransactionTemplate transactions = mock(TransactionTemplate.class);
    private final AtomicInteger localChanges = new AtomicInteger();
    private final RocketMqTransactionalEventPublisher publisher = new RocketMqTransactionalEventPublisher(producer,
            ClientServiceProvider.loadService(), states,
            new io.txorders.messaging.publish.CommitConfirmations(states, Clock.systemUTC(), new SimpleMeterRegistry()),
            mock(io.txorders.messaging.publish.TransactionStateCheck.class), transactions,
            PublishFaults.NONE,
            new SimpleMeterRegistry(), Clock.systemUTC());

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

    @SuppressWarnings("unchecked")
    private void runTransactionsInline() {
        when(transactions.execute(any())).thenAnswer(invocation ->
                ((TransactionCallback<Object>) invocation.getArgument(0)).doInTransaction(new SimpleTransactionStatus()));
    }

    private static Event event() {
        return new OrderCancelled(EventIds.newId(), 1, Instant.now(), "01TESTORDER", 1, "USER");
    }
}
