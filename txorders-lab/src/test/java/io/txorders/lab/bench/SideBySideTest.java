package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ratios taken within each round of side-by-side windows, and their median. */
class SideBySideTest {

    @Test
    void aRatioIsTakenWithinEachRoundAndTheMedianIsTheFigure() {
        // The machine slows down by half in the second round: each round's ratio is the same, the rates are not.
        SideBySide rounds = new SideBySide(List.of(Map.of("c", 1000.0, "stopped", 500.0),
                Map.of("c", 500.0, "stopped", 250.0), Map.of("c", 800.0, "stopped", 480.0)));

        assertThat(rounds.ratios("stopped", "c")).containsExactly(0.5, 0.5, 0.6);
        assertThat(rounds.median("stopped", "c")).isEqualTo(0.5);
        assertThat(rounds.figures("stopped", "c")).containsEntry("median", 0.5)
                .containsEntry("by_round", List.of(0.5, 0.5, 0.6));
    }

    @Test
    void theMedianIsTheMiddleOfTheSortedRatiosNotOfTheRounds() {
        SideBySide rounds = new SideBySide(List.of(Map.of("a", 6.0, "b", 10.0), Map.of("a", 4.0, "b", 10.0),
                Map.of("a", 5.0, "b", 10.0)));

        assertThat(rounds.median("a", "b")).isEqualTo(0.5);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        SideBySide rounds = new SideBySide(List.of(Map.of("a", 1.0, "b", 4.0), Map.of("a", 3.0, "b", 4.0)));

        assertThat(rounds.median("a", "b")).isEqualTo(0.5);
    }

    @Test
    void aRoundMissingASeriesOrWithANothingDenominatorGivesNoRatio() {
        SideBySide rounds = new SideBySide(List.of(Map.of("a", 1.0), Map.of("a", 1.0, "b", 0.0),
                Map.of("a", 3.0, "b", 4.0)));

        assertThat(rounds.ratios("a", "b")).containsExactly(0.75);
        assertThat(new SideBySide(List.of()).median("a", "b")).isNaN();
        assertThat(new SideBySide(List.of()).reported("a", "b")).as("no figure, not a ratio of 0").isNull();
        assertThat(new SideBySide(List.of()).figures("a", "b")).containsEntry("median", null);
    }
}
