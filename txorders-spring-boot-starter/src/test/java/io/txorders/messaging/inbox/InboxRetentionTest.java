package io.txorders.messaging.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InboxRetentionTest {

    private final InboxGuard inbox = mock(InboxGuard.class);
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void purgesInBatchesUntilABatchIsNotFull() {
        when(inbox.purgeReceivedBefore(eq(Instant.parse("2026-11-17T10:00:00Z")), eq(1_000)))
                .thenReturn(1_000, 1_000, 7);

        int purged = new InboxRetention(inbox, Duration.ofDays(7), clock).purge();

        assertThat(purged).isEqualTo(2_007);
    }

    @Test
    void aRetentionShorterThanAnHourIsRefused() {
        assertThatThrownBy(() -> new InboxRetention(inbox, Duration.ofMinutes(10), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailedScheduledPurgeDoesNotEscape() {
        when(inbox.purgeReceivedBefore(any(), eq(1_000))).thenThrow(new IllegalStateException("db down"));

        new InboxRetention(inbox, Duration.ofDays(7), clock).scheduledPurge();

        verify(inbox).purgeReceivedBefore(any(), eq(1_000));
    }
}
