package io.txorders.devstack;

import java.time.Duration;

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
}
