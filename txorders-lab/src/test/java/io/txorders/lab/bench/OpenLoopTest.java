package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The open loop's schedule and latency arithmetic. Nothing here asserts how long anything took. */
class OpenLoopTest {

    private static final Instant T0 = Instant.parse("2026-12-02T03:00:00Z");

    @Test
    void operationsAreDueAtFixedIntervalsFromTheStartWhateverHappenedBefore() {
        OpenLoop.Schedule schedule = new OpenLoop.Schedule(200, 5);

        assertThat(schedule.offsetNanos(0)).isZero();
        assertThat(schedule.offsetNanos(1)).isEqualTo(5_000_000);
        assertThat(schedule.offsetNanos(4)).isEqualTo(20_000_000);
        assertThat(new OpenLoop.Schedule(3, 4).offsetNanos(1)).as("rounded to the nanosecond").isEqualTo(333_333_333);
    }

    @Test
    void aScheduleForADurationHoldsRateTimesDurationOperations() {
        assertThat(OpenLoop.Schedule.of(135.5, Duration.ofSeconds(20)).count()).isEqualTo(2710);
        assertThat(OpenLoop.Schedule.of(0.01, Duration.ofSeconds(5)).count()).as("at least one").isEqualTo(1);
        assertThatThrownBy(() -> new OpenLoop.Schedule(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpenLoop.Schedule(Double.NaN, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latencyCountsFromTheIntendedStartNotFromWhenTheOrderWasSent() {
        // Order B was due at T0+10ms but, say, sent 500 ms late: its latency still starts at T0+10ms.
        Map<String, Instant> intended = new LinkedHashMap<>();
        intended.put("A", T0);
        intended.put("B", T0.plusMillis(10));
        intended.put("C", T0.plusMillis(20));
        Map<String, Instant> reserved = Map.of("A", T0.plusMillis(40), "B", T0.plusMillis(610),
                "OTHER", T0.plusMillis(5));

        OpenLoop.Latencies latencies = OpenLoop.latenciesSinceIntendedStart(intended, reserved);

        assertThat(latencies.recorded()).isEqualTo(2);
        assertThat(latencies.missing()).as("C never reached RESERVED; OTHER was not scheduled").isEqualTo(1);
        assertThat(latencies.histogram().getMinValue()).isEqualTo(40_000); // microseconds
        assertThat(latencies.histogram().valuesAreEquivalent(latencies.histogram().getMaxValue(), 600_000)).isTrue();
        assertThat(latencies.beforeIntendedStart()).isZero();
    }

    @Test
    void aReservationStampedBeforeTheIntendedStartCountsAsZeroAndIsReported() {
        // The database keeps milliseconds: an order due at .0009 and reserved within the same millisecond reads .000.
        Map<String, Instant> intended = Map.of("A", T0.plusNanos(900_000));
        OpenLoop.Latencies latencies = OpenLoop.latenciesSinceIntendedStart(intended, Map.of("A", T0));

        assertThat(latencies.recorded()).isEqualTo(1);
        assertThat(latencies.beforeIntendedStart()).isEqualTo(1);
        assertThat(latencies.histogram().getMaxValue()).isZero();
    }

    @Test
    void theAchievedRateIsTheRateAtWhichOperationsActuallyStarted() {
        assertThat(OpenLoop.achievedRate(101, 1_000_000_000L)).isEqualTo(100.0);
        assertThat(OpenLoop.achievedRate(101, 2_000_000_000L)).as("senders fell behind").isEqualTo(50.0);
        assertThat(OpenLoop.achievedRate(1, 0)).isNaN();
    }

    @Test
    void aRunIssuesEveryScheduledOperationAndKeepsItsIntendedStart() throws Exception {
        OpenLoop.Schedule schedule = new OpenLoop.Schedule(10_000, 40);

        OpenLoop.Result<Integer> run = OpenLoop.run(schedule, 4, index -> {
            if (index % 4 == 3) {
                throw new IllegalStateException("refused");
            }
            return index % 4 == 2 ? null : index;
        });

        assertThat(run.completed()).hasSize(20);
        assertThat(run.failed()).isEqualTo(20);
        assertThat(run.sendLag().getTotalCount()).as("one per operation").isEqualTo(40);
        assertThat(run.response().getTotalCount()).as("one per success").isEqualTo(20);
        assertThat(run.completed()).allSatisfy(completed -> {
            assertThat(completed.value()).isEqualTo(completed.index());
            assertThat(completed.intendedStart()).isEqualTo(run.start().plusNanos(schedule.offsetNanos(completed.index())));
        });
    }
}
