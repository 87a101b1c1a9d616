package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadRunTest {

    private final LoadRun.WarmUp warmUp = new LoadRun.WarmUp(Duration.ofSeconds(2), Duration.ofSeconds(6),
            Duration.ofSeconds(20));

    @Test
    void warmUpGoesOnWhileTheRateKeepsImproving() {
        assertThat(warmUp.isDone(List.of(100.0, 150.0, 200.0, 260.0), Duration.ofSeconds(8))).isFalse();
    }

    @Test
    void warmUpEndsAfterTwoWindowsWithoutImprovementOnceTheMinimumHasPassed() {
        List<Double> settled = List.of(100.0, 200.0, 202.0, 198.0);

        assertThat(warmUp.isDone(settled, Duration.ofSeconds(8))).isTrue();
        assertThat(warmUp.isDone(settled, Duration.ofSeconds(5))).as("before the minimum").isFalse();
        assertThat(warmUp.isDone(List.of(100.0, 200.0, 202.0), Duration.ofSeconds(8))).as("one flat window").isFalse();
    }

    @Test
    void aLaterImprovementRestartsTheCount() {
        assertThat(warmUp.isDone(List.of(200.0, 201.0, 199.0, 260.0), Duration.ofSeconds(8))).isFalse();
    }

    @Test
    void warmUpEndsAtTheMaximumWhateverTheRates() {
        assertThat(warmUp.isDone(List.of(100.0, 150.0, 200.0), Duration.ofSeconds(20))).isTrue();
        assertThat(LoadRun.WarmUp.none().isDone(List.of(), Duration.ZERO)).isTrue();
    }

    @Test
    void cpuPerOperationIsSplitByProcessAndLeavesOutProcessesWithoutABefore() {
        var before = Map.of("bench-jvm", Duration.ofMillis(1_000), "order-producer", Duration.ofMillis(5_000));
        var after = Map.of("bench-jvm", Duration.ofMillis(3_000), "order-producer", Duration.ofMillis(9_000),
                "inventory-consumer", Duration.ofMillis(700)); // restarted in between: no comparable total

        Map<String, Double> perOperation = ProcessCpu.perOperation(before, after, 1_000);

        assertThat(perOperation).containsEntry("bench-jvm", 2.0).containsEntry("order-producer", 4.0)
                .containsEntry("total", 6.0).doesNotContainKey("inventory-consumer");
        assertThat(ProcessCpu.busyCores(before, after, Duration.ofSeconds(4))).isEqualTo(1.5);
        assertThat(ProcessCpu.perOperation(before, after, 0)).isEmpty();
    }
}
