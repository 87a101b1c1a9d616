package io.txorders.messaging.rocketmq;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service waits for its broker at start-up ({@code TXORDERS_ROCKETMQ_STARTUP_TIMEOUT}, …): building a RocketMQ
 * client fails while the proxy is unreachable or does not route the client's topics yet; it is tried again with
 * exponential back-off, readiness DOWN meanwhile, for as long as it takes — a broker that is away is waited for, not
 * a reason to exit — unless {@code startupTimeout} is set.
 *
 * @param startupTimeout unset (the default): never give up. Set: give up after this long and exit with status 1, for
 *        a supervisor that should restart the service instead
 * @param initialBackoff the wait after the first failed attempt; it doubles after each further one
 * @param maxBackoff the longest wait between two attempts
 */
@ConfigurationProperties("txorders.rocketmq")
public record RocketMqStartupProperties(Duration startupTimeout,
                                        @DefaultValue("500ms") Duration initialBackoff,
                                        @DefaultValue("10s") Duration maxBackoff) {

    public RocketMqStartupProperties {
        if (startupTimeout != null) {
            requirePositive("startup-timeout", startupTimeout);
        }
        requirePositive("initial-backoff", initialBackoff);
        requirePositive("max-backoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("txorders.rocketmq.max-backoff (" + maxBackoff
                    + ") must not be shorter than initial-backoff (" + initialBackoff + ")");
        }
    }

    /** Whether start-up gives up at all ({@code startupTimeout} set). */
    public boolean givesUp() {
        return startupTimeout != null;
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("txorders.rocketmq." + name + " must be positive, was " + value);
        }
    }
}
