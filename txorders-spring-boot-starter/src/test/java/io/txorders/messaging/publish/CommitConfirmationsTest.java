package io.txorders.messaging.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A confirmation dropped because the queue is full (a long database outage) is counted: its event is republished
 * later by the discarded-publish recovery, which must not be taken for a discard by the broker.
 */
class CommitConfirmationsTest {

    private final TransactionStateRepository states = mock(TransactionStateRepository.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CommitConfirmations confirmations = new CommitConfirmations(states, Clock.systemUTC(), meters);

    @Test
    void aConfirmationBeyondTheQueuesRoomIsDroppedAndCounted() {
        for (int i = 0; i < CommitConfirmations.MAX_QUEUED + 3; i++) {
            confirmations.confirm(UUID.randomUUID());
        }

        assertThat(meters.get("txorders.publisher.confirmations.dropped").counter().count()).isEqualTo(3);
        assertThat(meters.get("txorders.publisher.confirmations.waiting").gauge().value())
                .isEqualTo(CommitConfirmations.MAX_QUEUED);
    }

    @Test
    void onceWrittenNothingWaitsAndNothingMoreIsDropped() {
        when(states.confirmCommits(anyCollection(), any()))
                .thenAnswer(call -> call.<Collection<?>>getArgument(0).size());
        for (int i = 0; i < CommitConfirmations.MAX_QUEUED + 1; i++) {
            confirmations.confirm(UUID.randomUUID());
        }

        assertThat(confirmations.flush()).isEqualTo(CommitConfirmations.MAX_QUEUED);
        confirmations.confirm(UUID.randomUUID());

        assertThat(meters.get("txorders.publisher.confirmations.dropped").counter().count()).isEqualTo(1);
        assertThat(meters.get("txorders.publisher.confirmations.waiting").gauge().value()).isEqualTo(1);
    }
}
