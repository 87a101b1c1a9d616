package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The counting and timing that baselines (e) and (f) share; their receiving needs a broker (the bench runs it). */
class RawReceiveTest {

    private static final CompletableFuture<Void> CONFIRMED = CompletableFuture.completedFuture(null);
    private static final CompletableFuture<Void> FAILED =
            CompletableFuture.failedFuture(new IllegalStateException("not acked"));

    @Test
    void onlyConfirmedOperationsCountTowardsTheTarget() {
        RawReceive.Tally tally = new RawReceive.Tally(3);

        tally.countWhenDone(CONFIRMED);
        tally.countWhenDone(FAILED);
        tally.countWhenDone(CONFIRMED);
        tally.countWhenDone(FAILED);

        assertThat(tally.counted()).isEqualTo(2);
        assertThat(tally.failed()).isEqualTo(2);
        assertThat(tally.reached()).isFalse();

        tally.countWhenDone(CONFIRMED);

        assertThat(tally.counted()).isEqualTo(3);
        assertThat(tally.reached()).isTrue();
    }

    @Test
    void aKeyCountsOnceHoweverOftenItsOperationIsConfirmed() {
        RawReceive.Tally tally = new RawReceive.Tally(2);

        tally.countWhenDone("message-1", CONFIRMED);
        tally.countWhenDone("message-1", CONFIRMED); // answered twice

        assertThat(tally.counted()).isEqualTo(1);
        assertThat(tally.reached()).isFalse();

        tally.countWhenDone("message-2", CONFIRMED);

        assertThat(tally.reached()).isTrue();
    }

    @Test
    void aRunEndsWhenItsTargetIsReachedAndStopsItsLoops() throws Exception {
        RawReceive.Tally tally = new RawReceive.Tally(100);
        AtomicBoolean running = new AtomicBoolean(true);
        Runnable loop = () -> {
            while (running.get()) {
                tally.countWhenDone(CONFIRMED);
            }
        };

        RawReceive.Result result = RawReceive.timed(List.of(loop, loop), running, tally, Duration.ofSeconds(30),
                new ProcessCpu(Map.of()));

        assertThat(result.acked()).isEqualTo(100);
        assertThat(result.seconds()).isPositive().isLessThan(30);
        assertThat(running).isFalse();
        assertThat(result.cpuMsPerMessage()).containsKey(ProcessCpu.THIS_JVM);
    }

    @Test
    void aRunThatNeverReachesItsTargetEndsAtTheTimeoutWithWhatItCountedByThen() throws Exception {
        RawReceive.Tally tally = new RawReceive.Tally(1_000);
        AtomicBoolean running = new AtomicBoolean(true);
        Runnable fewOperations = () -> {
            for (int i = 0; i < 10; i++) {
                tally.countWhenDone(CONFIRMED);
            }
        };

        RawReceive.Result result = RawReceive.timed(List.of(fewOperations), running, tally, Duration.ofMillis(300),
                new ProcessCpu(Map.of()));

        assertThat(result.acked()).isEqualTo(10);
        assertThat(result.seconds()).isGreaterThanOrEqualTo(0.3);
        assertThat(running).isFalse();
    }
}
