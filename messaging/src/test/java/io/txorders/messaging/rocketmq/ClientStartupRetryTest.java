package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClientStartupRetryTest {

    private final RocketMqStartupProperties defaults =
            new RocketMqStartupProperties(Duration.ofMinutes(2), Duration.ofMillis(500), Duration.ofSeconds(10));

    @Test
    void waitsFromTheInitialBackoffDoublingUpToTheMaximum() {
        RetryConfig config = ClientStartupRetry.config(defaults, () -> true);

        assertThat(IntStream.rangeClosed(1, 8).mapToObj(attempt -> config.getIntervalFunction().apply(attempt)))
                .containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 10_000L, 10_000L, 10_000L);
    }

    @Test
    void theNumberOfAttemptsIsNotTheBoundTheDeadlineIs() {
        AtomicBoolean beforeDeadline = new AtomicBoolean(true);
        RetryConfig config = ClientStartupRetry.config(defaults, beforeDeadline::get);
        RuntimeException routeMissing = new IllegalStateException("No topic route info in name server");

        assertThat(config.getMaxAttempts()).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.getExceptionPredicate().test(routeMissing)).isTrue();
        beforeDeadline.set(false);
        assertThat(config.getExceptionPredicate().test(routeMissing)).isFalse();
    }
}
