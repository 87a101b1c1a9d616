package io.txorders.messaging.rocketmq;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service waits for its broker at start-up ({@code TXORDERS_ROCKETMQ_STARTUP_TIMEOUT}, …): building a RocketMQ
 * client fails while the proxy is unreachable or does not route the client's topics yet; it is tried again with
 * exponential back-off until {@code startupTimeout} has passed since the start, and the service then exits.
 *
 * @param startupTimeout how long to keep trying before giving up (the service then exits with status 1, so that its
 *        supervisor restarts it and the failure is visible); readiness is DOWN meanwhile, liveness UP
 * @param initialBackoff the wait after the first failed attempt; it doubles after each further one
 * @param maxBackoff the longest wait between two attempts
 */
@ConfigurationProperties("txorders.rocketmq")
public record RocketMqStartupProperties(@DefaultValue("2m") Duration startupTimeout,
                                        @DefaultValue("500ms") Duration initialBackoff,
                                        @DefaultValue("10s") Duration maxBackoff) {

    public RocketMqStartupProperties {
        requirePositive("startup-timeout", startupTimeout);
        requirePositive("initial-backoff", initialBackoff);
        requirePositive("max-backoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("txorders.rocketmq.max-backoff (" + maxBackoff
                    + ") must not be shorter than initial-backoff (" + initialBackoff + ")");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("txorders.rocketmq." + name + " must be positive, was " + value);
        }
    }
}
