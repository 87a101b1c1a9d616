package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.lab.bench.OrderStages.Mark;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The hop arithmetic of the placed -> RESERVED breakdown. Nothing here asserts how long anything took. */
class OrderStagesTest {

    private static final Instant T0 = Instant.parse("2026-12-02T06:00:00Z");

    @Test
    void eachHopIsTheTimeBetweenTwoConsecutiveMarksOfTheSameOrder() {
        Map<String, Map<Mark, Instant>> marks = new LinkedHashMap<>();
        marks.put("A", marksAt(0, 3, 11, 17, 20, 21));
        marks.put("B", marksAt(0, 5, 25, 70, 74, 80));

        Map<String, Histogram> hops = OrderStages.hops(marks);

        assertThat(hops).containsOnlyKeys("placed_to_half_sent", "half_sent_to_reserving",
                "reserving_to_answer_sent", "answer_sent_to_received", "received_to_reserved");
        assertThat(hops.get("placed_to_half_sent").getMinValue()).isEqualTo(3_000); // microseconds
        assertThat(hops.get("half_sent_to_reserving").getMinValue()).isEqualTo(8_000);
        assertThat(hops.get("half_sent_to_reserving").valuesAreEquivalent(
                hops.get("half_sent_to_reserving").getMaxValue(), 20_000)).isTrue();
        assertThat(hops.get("received_to_reserved").getTotalCount()).isEqualTo(2);
    }

    @Test
    void anOrderMissingAMarkIsLeftOutOfEveryHop() {
        Map<String, Map<Mark, Instant>> marks = new LinkedHashMap<>();
        marks.put("A", marksAt(0, 3, 11, 17, 20, 21));
        Map<Mark, Instant> rejected = marksAt(0, 3, 11, 17, 20, 21);
        rejected.remove(Mark.ANSWER_SENT);
        marks.put("REJECTED", rejected);

        Map<String, Histogram> hops = OrderStages.hops(marks);

        hops.values().forEach(histogram -> assertThat(histogram.getTotalCount()).isEqualTo(1));
    }

    @Test
    void aMarkStampedBeforeThePreviousOneCountsAsZero() {
        // The relay marks a row sent after the broker stored it; the receiver may stamp its inbox row earlier.
        Map<String, Histogram> hops = OrderStages.hops(Map.of("A", marksAt(0, 3, 11, 17, 15, 21)));

        assertThat(hops.get("answer_sent_to_received").getMaxValue()).isZero();
        assertThat(hops.get("received_to_reserved").getMinValue()).isEqualTo(6_000);
    }

    private static Map<Mark, Instant> marksAt(long... millis) {
        Map<Mark, Instant> marks = new EnumMap<>(Mark.class);
        for (Mark mark : Mark.values()) {
            marks.put(mark, T0.plusMillis(millis[mark.ordinal()]));
        }
        return marks;
    }
}
