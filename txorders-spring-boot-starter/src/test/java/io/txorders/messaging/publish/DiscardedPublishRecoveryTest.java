package io.txorders.messaging.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.txorders.messaging.contract.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules of recovering discarded publishes; that it works against the real broker is DiscardedPublishRecoveryIT. */
class DiscardedPublishRecoveryTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final TransactionStateRepository states = mock(TransactionStateRepository.class);
    private final CommittedPublishSender sender = mock(CommittedPublishSender.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DiscardedPublishRecovery recovery = new DiscardedPublishRecovery(states, sender,
            new DiscardedPublishRecovery.Settings(Duration.ofMinutes(20), Duration.ofSeconds(30), Duration.ofMinutes(2),
                    100, true),
            List.of(Topic.ORDER_EVENTS), meters, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anUnconfirmedPublishPastTheWindowIsClaimedRepublishedMarkedAndCountedOnce() {
        CommittedPublish publish = publish(0, "body");
        when(states.findUnconfirmedBefore(NOW.minus(Duration.ofMinutes(20)), NOW, 100)).thenReturn(List.of(publish));
        when(states.claimRecovery(publish.txId(), NOW, NOW.plus(Duration.ofMinutes(2)), true)).thenReturn(true);
        when(sender.republish(publish)).thenReturn(true);

        assertThat(recovery.sweep()).isEqualTo(1);

        verify(states).markRepublished(publish.txId(), NOW);
        assertThat(meters.counter("txorders.tx.discarded", "event", "OrderCreated").count()).isEqualTo(1);
    }

    @Test
    void aRowAnotherInstanceHoldsIsNeitherSentNorCounted() {
        CommittedPublish publish = publish(0, "body");
        when(states.findUnconfirmedBefore(any(), any(), anyInt())).thenReturn(List.of(publish));
        when(states.claimRecovery(eq(publish.txId()), any(), any(), anyBoolean())).thenReturn(false);

        assertThat(recovery.sweep()).isZero();

        verify(sender, never()).republish(any());
        // The counters exist from the start (at 0, for the alerts); none of them moved.
        assertThat(meters.find("txorders.tx.discarded").counters()).isNotEmpty()
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void aBrokerThatDoesNotTakeTheCopyLeavesTheRowForTheNextSweepAfterTheLease() {
        CommittedPublish publish = publish(0, "body");
        when(states.findUnconfirmedBefore(any(), any(), anyInt())).thenReturn(List.of(publish));
        when(states.claimRecovery(eq(publish.txId()), any(), any(), anyBoolean())).thenReturn(true);
        when(sender.republish(publish)).thenThrow(new IllegalStateException("UNAVAILABLE"));

        assertThatThrownBy(recovery::sweep).hasMessageContaining("UNAVAILABLE");

        verify(states, never()).markRepublished(any(), any());
    }

    @Test
    void aCopyWhoseCommitWasNotConfirmedIsLeftToTheCheckBack() {
        CommittedPublish publish = publish(1, "body");
        when(states.findCommitted(publish.txId())).thenReturn(Optional.of(publish));
        when(states.claimRecovery(eq(publish.txId()), any(), any(), anyBoolean())).thenReturn(true);
        when(sender.republish(publish)).thenReturn(false);

        assertThat(recovery.republish(publish.txId()))
                .isEqualTo(DiscardedPublishRecovery.Outcome.REPUBLISHED_COMMIT_PENDING);

        verify(states, never()).markRepublished(any(), any());
        verify(states).claimRecovery(eq(publish.txId()), any(), any(), eq(false)); // the operator's: confirmed too
    }

    @Test
    void aRolledBackOrUnknownTransactionIsNeverRepublished() {
        UUID rolledBack = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        when(states.findCommitted(any())).thenReturn(Optional.empty());
        when(states.exists(rolledBack)).thenReturn(true);

        assertThat(recovery.republish(rolledBack)).isEqualTo(DiscardedPublishRecovery.Outcome.ROLLED_BACK);
        assertThat(recovery.republish(unknown)).isEqualTo(DiscardedPublishRecovery.Outcome.NOT_FOUND);
        verify(sender, never()).republish(any());
    }

    @Test
    void aRowWithoutItsMessageBodyCannotBeRebuilt() {
        CommittedPublish publish = publish(0, null);
        when(states.findCommitted(publish.txId())).thenReturn(Optional.of(publish));
        when(states.claimRecovery(eq(publish.txId()), any(), any(), anyBoolean())).thenReturn(true);

        assertThat(recovery.republish(publish.txId())).isEqualTo(DiscardedPublishRecovery.Outcome.NO_BODY);
        verify(sender, never()).republish(any());
    }

    @Test
    void aWindowThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new DiscardedPublishRecovery.Settings(Duration.ZERO, Duration.ofSeconds(30),
                Duration.ofMinutes(2), 100, true)).isInstanceOf(IllegalArgumentException.class);
    }

    private static CommittedPublish publish(int recoveryAttempts, String body) {
        return new CommittedPublish(UUID.randomUUID(), "O1", "OrderCreated",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), NOW.minus(Duration.ofHours(1)), 0,
                recoveryAttempts, null, null);
    }
}
