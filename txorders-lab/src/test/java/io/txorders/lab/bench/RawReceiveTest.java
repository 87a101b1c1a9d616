package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The counting and timing that baselines (e) and (f) share; their receiving needs a broker (the bench runs it). */
class RawReceiveTest {

    private final ProcessCpu cpu = new ProcessCpu(Map.of());

    @Test
    void onlyOperationsThatSucceededCountAndTheRunEndsAtTheTarget() throws Exception {
        RawReceive.Tally tally = new RawReceive.Tally(100);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger attempts = new AtomicInteger();
        Runnable loop = () -> {
            while (running.get()) {
                // Every third operation fails, as an ack the broker did not confirm.
                tally.countWhenDone(attempts.incrementAndGet() % 3 == 0
                        ? CompletableFuture.failedFuture(new IllegalStateException("not acked"))
                        : CompletableFuture.completedFuture(null));
            }
        };

        RawReceive.Result result = RawReceive.timed(List.of(loop, loop), running, tally, Duration.ofSeconds(30), cpu);

        assertThat(result.acked()).isEqualTo(100);
        assertThat(result.seconds()).isPositive();
        assertThat(running).isFalse();
        assertThat(attempts.get()).isGreaterThanOrEqualTo(150);
        assertThat(result.cpuMsPerMessage()).containsKey(ProcessCpu.THIS_JVM);
    }

    @Test
    void aRunThatNeverReachesItsTargetEndsAtTheTimeoutWithWhatItCounted() throws Exception {
        RawReceive.Tally tally = new RawReceive.Tally(1_000);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean counted = new AtomicBoolean();
        Runnable fewOperations = () -> {
            for (int i = 0; i < 10; i++) {
                tally.countWhenDone(CompletableFuture.completedFuture(null));
            }
            counted.set(true);
        };

        RawReceive.Result result = RawReceive.timed(List.of(fewOperations), running, tally, Duration.ofMillis(300),
                cpu);

        assertThat(counted).isTrue();
        assertThat(result.acked()).isEqualTo(10);
        assertThat(result.seconds()).isGreaterThanOrEqualTo(0.3);
    }
}
