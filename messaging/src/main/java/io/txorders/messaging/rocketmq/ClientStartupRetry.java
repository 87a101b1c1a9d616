package io.txorders.messaging.rocketmq;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.util.function.BooleanSupplier;

/**
 * The retry policy of a RocketMQ client's start-up: every failure is retried while {@code keepTrying} says so (the
 * start-up deadline has not passed and the service is not stopping), waiting {@code initialBackoff} after the first
 * failure, twice as long after each further one, at most {@code maxBackoff}. The number of attempts is not bounded:
 * the deadline is.
 */
final class ClientStartupRetry {

    private ClientStartupRetry() {
    }

    static RetryConfig config(RocketMqStartupProperties properties, BooleanSupplier keepTrying) {
        return RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.initialBackoff(), 2.0,
                        properties.maxBackoff()))
                .retryOnException(failure -> keepTrying.getAsBoolean())
                .build();
    }
}
