package io.txorders.messaging.outbox;

import io.txorders.messaging.contract.Topic;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox of a service and its relay ({@code txorders.outbox.*}, e.g. {@code TXORDERS_OUTBOX_ENABLED}).
 *
 * @param enabled whether this service has an outbox (needs the {@code outbox} table): {@link Outbox} to append to in
 *        the business transaction, the relay, the operator's requeue and {@code /admin/outbox}
 * @param topics the topics the relay's producer declares up front (route prefetch); may be empty
 * @param pollInterval the longest pause between relay rounds: the backstop for rows another instance wrote (each
 *        instance's relay is woken by its own commits) and for rows due again after a back-off
 * @param batchSize rows claimed per round
 * @param lease how long a claim holds; a relay that dies frees its rows after this
 * @param baseBackoff delay after the first failed attempt, doubled per attempt
 * @param maxBackoff upper bound of the delay, also the pace at which rows are tried during a long broker outage
 * @param maxAttempts attempts after which a row the broker <em>rejects</em> is DEAD; a broker that cannot be
 *        reached never makes a row DEAD, however many attempts that takes (the row keeps being tried at
 *        {@code maxBackoff}; {@code txorders.outbox.oldest.pending.age} shows how long)
 * @param retention how long SENT rows are kept
 * @param relay whether this instance relays at all (e.g. false on an instance that only serves the API)
 * @param backlogRefresh how often the backlog gauges are read from the table
 */
@ConfigurationProperties("txorders.outbox")
public record OutboxProperties(@DefaultValue("false") boolean enabled,
                               @DefaultValue List<Topic> topics,
                               @DefaultValue("1s") Duration pollInterval,
                               @DefaultValue("100") int batchSize,
                               @DefaultValue("30s") Duration lease,
                               @DefaultValue("1s") Duration baseBackoff,
                               @DefaultValue("5m") Duration maxBackoff,
                               @DefaultValue("10") int maxAttempts,
                               @DefaultValue("7d") Duration retention,
                               @DefaultValue("true") boolean relay,
                               @DefaultValue("5s") Duration backlogRefresh) {

    /**
     * @throws IllegalArgumentException for a value that would quietly stop the relay or spin it: a batch of no row
     *         claims nothing, a poll interval of zero is a busy loop on the table, a lease of zero releases rows still
     *         being sent (they go out twice), and no attempt would make a rejected row DEAD before it was tried
     */
    public OutboxProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("txorders.outbox.batch-size must be at least 1, got " + batchSize);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("txorders.outbox.max-attempts must be at least 1, got " + maxAttempts);
        }
        requirePositive("poll-interval", pollInterval);
        requirePositive("lease", lease);
        requirePositive("backlog-refresh", backlogRefresh);
        if (baseBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("txorders.outbox.base-backoff and max-backoff must not be negative");
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("txorders.outbox." + key + " must be positive, got " + value);
        }
    }

    /** Delay before attempt {@code attempts + 1}: base × 2^(attempts − 1), capped. */
    public Duration backoffAfter(int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
        Duration delay = baseBackoff.multipliedBy(factor);
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
