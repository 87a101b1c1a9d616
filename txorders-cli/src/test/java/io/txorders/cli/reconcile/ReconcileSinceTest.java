package io.txorders.cli.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code --since} takes an instant, or a duration back from now for a scheduled run whose window must not grow. */
class ReconcileSinceTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void anInstantIsTakenAsIs() {
        assertThat(ReconcileCommand.since("2026-11-24T08:00:00Z", clock)).isEqualTo("2026-11-24T08:00:00Z");
    }

    @Test
    void aDurationCountsBackFromNow() {
        assertThat(ReconcileCommand.since("2d", clock)).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(ReconcileCommand.since("90m", clock)).isEqualTo("2026-12-03T08:30:00Z");
    }

    @Test
    void anythingElseIsRefusedWithBothFormsNamed() {
        for (String wrong : new String[] {"yesterday", "5", "-2d"}) {
            assertThatThrownBy(() -> ReconcileCommand.since(wrong, clock)).as(wrong)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ISO-8601 instant").hasMessageContaining("duration back from now");
        }
    }
}
