package io.txorders.devstack;

import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;

/**
 * When the broker checks back on a transactional message that was neither committed nor rolled back.
 *
 * @param firstCheckAfter age of a half message before its first check ({@code transactionTimeOut})
 * @param checkInterval how often the broker scans for half messages to check ({@code transactionCheckInterval})
 * @param maxChecks checks before the broker gives up on a message and discards it ({@code transactionCheckMax})
 */
public record CheckBackTiming(Duration firstCheckAfter, Duration checkInterval, int maxChecks) {

    /** Development timing: first check after about 3 s, then about every second, 15 checks at most. */
    public static CheckBackTiming development() {
        return new CheckBackTiming(Duration.ofSeconds(3), Duration.ofSeconds(1), 15);
    }

    /**
     * run-local's timing: first check after about 3 s, then every 5 s, 60 checks: the broker keeps asking for about
     * five minutes, longer than the platform takes to come back after a crash or a Ctrl-C (70-85 s on 2 cores), so
     * an in-doubt transaction is resolved by check-back after a restart rather than discarded.
     */
    public static CheckBackTiming runLocal() {
        return new CheckBackTiming(Duration.ofSeconds(3), Duration.ofSeconds(5), 60);
    }

    /**
     * How long the broker keeps checking a half message before it discards it: the first check plus one interval per
     * check. A committed publish unconfirmed after this is what order-producer's recovery republishes.
     */
    public Duration window() {
        return firstCheckAfter.plus(checkInterval.multipliedBy(maxChecks));
    }

    /**
     * run-local's timing ({@link #runLocal()}), overridden by {@code TXORDERS_CHECK_FIRST_AFTER}, {@code TXORDERS_CHECK_INTERVAL}
     * (durations such as {@code 3s}, {@code 500ms}, {@code 1m}) and {@code TXORDERS_CHECK_MAX}.
     *
     * @throws IllegalArgumentException for a value that is not a duration or a positive number
     */
    public static CheckBackTiming fromEnvironment(java.util.Map<String, String> env) {
        CheckBackTiming defaults = runLocal();
        return new CheckBackTiming(
                duration(env.get("TXORDERS_CHECK_FIRST_AFTER"), defaults.firstCheckAfter()),
                duration(env.get("TXORDERS_CHECK_INTERVAL"), defaults.checkInterval()),
                env.get("TXORDERS_CHECK_MAX") == null ? defaults.maxChecks() : Integer.parseInt(env.get("TXORDERS_CHECK_MAX")));
    }

    public CheckBackTiming {
        if (firstCheckAfter.isNegative() || firstCheckAfter.isZero() || checkInterval.isNegative()
                || checkInterval.isZero() || maxChecks < 1) {
            throw new IllegalArgumentException("check-back timing must be positive: " + firstCheckAfter + ", "
                    + checkInterval + ", " + maxChecks);
        }
    }

    /**
     * {@code text} as a duration in the one grammar of the platform, Spring Boot's ({@code 500ms}, {@code 3s},
     * {@code 1m}, {@code 7d}, ISO-8601 {@code PT3S}; a bare number is milliseconds), or {@code fallback} when unset.
     *
     * @throws IllegalArgumentException naming the text when it is not a duration
     */
    public static Duration duration(String text, Duration fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return DurationStyle.detectAndParse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a duration (use 500ms, 30s, 10m, 1h, 7d): " + text, e);
        }
    }
}
