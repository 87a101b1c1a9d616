package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.lab.bench.CompilationSettled.Verdict;
import io.txorders.lab.bench.CompilationSettled.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service warm-up's stop rule: every service's compiler quiet in two windows in a row, 60 s to the maximum. */
class CompilationSettledTest {

    private static final Duration WINDOW = Duration.ofSeconds(15);
    private final CompilationSettled rule = new CompilationSettled(Duration.ofSeconds(60), Duration.ofSeconds(300),
            CompilationSettled.QUIET_SHARE, 2);

    @Test
    void theWarmUpIsALightPhaseOfAtMostHalfTheMaximumThenAFullPhaseForWhatIsLeft() {
        assertThat(CompilationSettled.lightPhaseOf(Duration.ofSeconds(300)))
                .isEqualTo(new CompilationSettled(Duration.ofSeconds(45), Duration.ofSeconds(150), 0.02, 2));
        assertThat(CompilationSettled.fullPhaseOf(Duration.ofSeconds(300), Duration.ofSeconds(75)))
                .isEqualTo(new CompilationSettled(Duration.ofSeconds(30), Duration.ofSeconds(225), 0.02, 2));
        assertThat(CompilationSettled.lightPhaseOf(Duration.ofSeconds(60)).minimum()).as("never above the maximum")
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(CompilationSettled.fullPhaseOf(Duration.ofSeconds(60), Duration.ofSeconds(61)))
                .as("nothing left: the full phase's first verdict is the maximum")
                .isEqualTo(new CompilationSettled(Duration.ZERO, Duration.ZERO, 0.02, 2));
        assertThat(CompilationSettled.fullPhaseOf(Duration.ofSeconds(60), Duration.ofSeconds(61))
                .verdict(List.of(), Duration.ZERO)).isEqualTo(Verdict.MAXIMUM);
    }

    @Test
    void aWindowIsQuietWhenEveryServicesCompilationGrewByLessThanTheShare() {
        // 15 s window: 2 % is 300 ms of compilation.
        assertThat(window(299, 10, 0).quiet(0.02)).isTrue();
        assertThat(window(299, 300, 0).quiet(0.02)).as("one busy service is enough").isFalse();
        assertThat(new Window(WINDOW, snapshot(299.0, null, 0.0)).quiet(0.02)).as("a service not read is not known to be quiet").isFalse();
        assertThat(new Window(WINDOW, Map.of()).quiet(0.02)).as("no service").isFalse();
        assertThat(window(1500, 30, 0).shareOfWall()).containsEntry("order-producer", 0.1)
                .containsEntry("inventory-consumer", 0.002);
    }

    @Test
    void aWindowIsTheGrowthBetweenTwoSnapshots() {
        Map<String, Double> before = snapshot(1000.0, 500.0, null);
        Map<String, Double> after = snapshot(1120.0, 500.0, 90.0);

        Window window = Window.between(before, after, WINDOW);

        assertThat(window.compilationMillis()).containsEntry("order-producer", 120.0)
                .containsEntry("inventory-consumer", 0.0).containsEntry("points-consumer", null);
    }

    @Test
    void goesOnWhileACompilerIsBusyAndStopsAfterTwoQuietWindowsInARow() {
        List<Window> windows = new ArrayList<>(List.of(window(4000, 2000, 300), window(1500, 600, 100),
                window(200, 100, 20)));
        assertThat(rule.verdict(windows, Duration.ofSeconds(45))).isEqualTo(Verdict.GO_ON);

        windows.add(window(900, 50, 10)); // order-producer recompiles: the count starts again
        assertThat(rule.verdict(windows, Duration.ofSeconds(60))).isEqualTo(Verdict.GO_ON);

        windows.add(window(100, 40, 5));
        assertThat(rule.verdict(windows, Duration.ofSeconds(75))).isEqualTo(Verdict.GO_ON);

        windows.add(window(80, 30, 5));
        assertThat(rule.verdict(windows, Duration.ofSeconds(90))).isEqualTo(Verdict.SETTLED);
    }

    @Test
    void quietWindowsBeforeTheMinimumDoNotEndTheWarmUp() {
        List<Window> quiet = List.of(window(10, 10, 10), window(10, 10, 10));

        assertThat(rule.verdict(quiet, Duration.ofSeconds(30))).isEqualTo(Verdict.GO_ON);
        assertThat(rule.verdict(quiet, Duration.ofSeconds(60))).isEqualTo(Verdict.SETTLED);
    }

    @Test
    void stopsAtTheMaximumWhateverTheCompilersDo() {
        List<Window> busy = List.of(window(3000, 10, 10), window(3000, 10, 10));

        assertThat(rule.verdict(busy, Duration.ofSeconds(299))).isEqualTo(Verdict.GO_ON);
        assertThat(rule.verdict(busy, Duration.ofSeconds(301))).isEqualTo(Verdict.MAXIMUM);
        assertThat(rule.verdict(List.of(window(10, 10, 10), window(10, 10, 10)), Duration.ofSeconds(301)))
                .as("settled at the same time: settled").isEqualTo(Verdict.SETTLED);
    }

    private static Window window(double orderProducer, double inventory, double points) {
        Map<String, Double> grown = snapshot(orderProducer, inventory, points);
        return new Window(WINDOW, grown);
    }

    private static Map<String, Double> snapshot(Double orderProducer, Double inventory, Double points) {
        Map<String, Double> millis = new LinkedHashMap<>();
        millis.put("order-producer", orderProducer);
        millis.put("inventory-consumer", inventory);
        millis.put("points-consumer", points);
        return millis;
    }
}
