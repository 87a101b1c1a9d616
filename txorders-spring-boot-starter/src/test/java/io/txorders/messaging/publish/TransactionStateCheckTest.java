package io.txorders.messaging.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;

class TransactionStateCheckTest {

    private final TransactionStateRepository states = mock(TransactionStateRepository.class);
    private final CommitConfirmations confirmations = new CommitConfirmations(states, Clock.systemUTC(),
            new SimpleMeterRegistry());
    private final TransactionStateCheck check = new TransactionStateCheck(states, confirmations, Clock.systemUTC());
    private final UUID txId = UUID.randomUUID();

    @Test
    void checkBackAnswersCommitWhenTheLocalTransactionCommitted() {
        when(states.recordCheckAndRead(eq(txId), any(), any(), any())).thenReturn(Optional.of(TransactionState.COMMITTED));

        assertThat(check.answer(txId, "O1", "OrderCreated")).isEqualTo(CheckBackAnswer.COMMIT);
        // The broker takes the COMMIT answer: the publish no longer counts as in doubt.
        assertThat(confirmations.waiting()).isEqualTo(1);
    }

    /**
     * The publisher asks after losing its own commit's answer: nothing has reached the broker yet, so a COMMIT here
     * must not confirm the publish (if its commit then failed, the recovery would never republish it).
     */
    @Test
    void thePublishersOwnQuestionSaysCommitWithoutConfirmingAnything() {
        when(states.recordCheckAndRead(eq(txId), any(), any(), any())).thenReturn(Optional.of(TransactionState.COMMITTED));

        assertThat(check.outcomeOfLocalCommit(txId, "O1", "OrderCreated")).isEqualTo(CheckBackAnswer.COMMIT);
        assertThat(confirmations.waiting()).isZero();
    }

    @Test
    void checkBackAnswersRollbackWhenLocalTransactionNeverRan() {
        when(states.recordCheckAndRead(eq(txId), any(), any(), any())).thenReturn(Optional.of(TransactionState.ROLLED_BACK));

        assertThat(check.answer(txId, "O1", "OrderCreated")).isEqualTo(CheckBackAnswer.ROLLBACK);
        assertThat(confirmations.waiting()).isZero();
    }

    @Test
    void checkBackAnswersUnknownWhenTheDatabaseFails() {
        when(states.recordCheckAndRead(eq(txId), any(), any(), any()))
                .thenThrow(new DataAccessResourceFailureException("connection refused"));

        assertThat(check.answer(txId, "O1", "OrderCreated")).isEqualTo(CheckBackAnswer.UNKNOWN);
    }

    @Test
    void checkBackAnswersUnknownOnALockWaitTimeout() {
        when(states.recordCheckAndRead(eq(txId), any(), any(), any()))
                .thenThrow(new CannotAcquireLockException("Lock wait timeout exceeded"));

        assertThat(check.answer(txId, "O1", "OrderCreated")).isEqualTo(CheckBackAnswer.UNKNOWN);
    }

    @Test
    void aMissingRowIsNeverReadAsRollback() {
        when(states.recordCheckAndRead(eq(txId), any(), any(), any())).thenReturn(Optional.empty());

        assertThat(check.answer(txId, "O1", "OrderCreated")).isEqualTo(CheckBackAnswer.UNKNOWN);
    }
}
