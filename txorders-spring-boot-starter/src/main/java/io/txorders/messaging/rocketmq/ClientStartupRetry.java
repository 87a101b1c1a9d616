package io.txorders.messaging.rocketmq;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The retry policy of a RocketMQ client's start-up: every failure is retried while {@code keepTrying} says so (the
 * start-up deadline has not passed and the service is not stopping), waiting {@code initialBackoff} after the first
 * failure, twice as long after each further one, at most {@code maxBackoff} and never past the deadline
 * ({@code remainingMillis}, unbounded when start-up never gives up). The number of attempts is not bounded.
 */
final class ClientStartupRetry {

    private ClientStartupRetry() {
    }

    static RetryConfig config(RocketMqStartupProperties properties, BooleanSupplier keepTrying,
                              LongSupplier remainingMillis) {
        IntervalFunction backoff = IntervalFunction.ofExponentialBackoff(properties.initialBackoff(), 2.0,
                properties.maxBackoff());
        return RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(attempt -> Math.max(0, Math.min(backoff.apply(attempt), remainingMillis.getAsLong())))
                .retryOnException(failure -> keepTrying.getAsBoolean() && remainingMillis.getAsLong() > 0)
                .build();
    }
}
