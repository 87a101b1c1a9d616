package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClientStartupRetryTest {

    private final RocketMqStartupProperties defaults =
            new RocketMqStartupProperties(Duration.ofMinutes(2), Duration.ofMillis(500), Duration.ofSeconds(10));

    @Test
    void waitsFromTheInitialBackoffDoublingUpToTheMaximum() {
        RetryConfig config = ClientStartupRetry.config(defaults, () -> true, () -> 60_000);

        assertThat(IntStream.rangeClosed(1, 8).mapToObj(attempt -> config.getIntervalFunction().apply(attempt)))
                .containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 10_000L, 10_000L, 10_000L);
    }

    @Test
    void neverWaitsPastTheDeadline() {
        RetryConfig config = ClientStartupRetry.config(defaults, () -> true, () -> 3_000);

        assertThat(config.getIntervalFunction().apply(4)).isEqualTo(3_000L);
        assertThat(config.getIntervalFunction().apply(1)).isEqualTo(500L);
    }

    @Test
    void aRetryWithThisPolicyTriesUntilTheDeadlineThenRethrowsTheLastFailure() {
        AtomicLong remaining = new AtomicLong(1_000);
        RocketMqStartupProperties fast = new RocketMqStartupProperties(Duration.ofMinutes(2), Duration.ofMillis(1),
                Duration.ofMillis(2));
        Retry retry = Retry.of("start", ClientStartupRetry.config(fast, () -> true, remaining::get));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> Retry.decorateCheckedSupplier(retry, () -> {
            if (attempts.incrementAndGet() == 5) {
                remaining.set(0); // the start-up timeout passes during the fifth attempt
            }
            throw new IllegalStateException("No topic route info, attempt " + attempts.get());
        }).get()).hasMessage("No topic route info, attempt 5");
        assertThat(attempts).hasValue(5);
    }

    @Test
    void theNumberOfAttemptsIsNotTheBoundTheDeadlineIs() {
        AtomicBoolean beforeDeadline = new AtomicBoolean(true);
        RetryConfig config = ClientStartupRetry.config(defaults, beforeDeadline::get, () -> 60_000);
        RuntimeException routeMissing = new IllegalStateException("No topic route info in name server");

        assertThat(config.getMaxAttempts()).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.getExceptionPredicate().test(routeMissing)).isTrue();
        beforeDeadline.set(false);
        assertThat(config.getExceptionPredicate().test(routeMissing)).isFalse();
    }
}
