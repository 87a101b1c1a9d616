package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** What result.json keeps of a latency histogram. */
class LatencySummaryTest {

    @Test
    void percentilesAndMaximumInMillisecondsOfEveryValueRecorded() {
        Histogram histogram = LatencySummary.histogram();
        for (int millis = 1; millis <= 1000; millis++) {
            histogram.recordValue(LatencySummary.micros(millis * 1_000_000L));
        }

        Map<String, Object> figures = LatencySummary.figures(histogram);

        // Within HdrHistogram's precision at 3 significant digits (it reports a bucket's highest equivalent value).
        assertThat(figures).containsEntry("count", 1000L);
        Map.of("p50_ms", 500.0, "p90_ms", 900.0, "p99_ms", 990.0, "p99_9_ms", 999.0, "max_ms", 1000.0)
                .forEach((figure, millis) -> assertThat((Double) figures.get(figure)).as(figure)
                        .isCloseTo(millis, withinPercentage(0.1)));
    }

    @Test
    void anEmptyHistogramHasNoPercentilesRatherThanZeros() {
        assertThat(LatencySummary.figures(LatencySummary.histogram())).containsEntry("count", 0L)
                .containsEntry("p50_ms", null).containsEntry("max_ms", null);
        assertThat(LatencySummary.micros(-5_000)).isZero();
    }
}
