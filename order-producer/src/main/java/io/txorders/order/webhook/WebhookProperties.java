package io.txorders.order.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings ({@code webhooks.*}).
 *
 * @param enabled whether this instance consumes order events into notification tasks (group {@code order-webhooks},
 *                its receivers and its dead-letter capture); the dispatcher has {@code webhooks.dispatcher.enabled}
 * @param retry back-off between attempts and when to give up
 * @param requestTimeout connect + response timeout of one POST
 * @param maxInFlightPerSubscription concurrent deliveries to one subscription, so a slow partner cannot take
 *                                   every dispatcher thread
 * @param threads dispatcher threads in all
 * @param pollInterval pause between dispatcher rounds
 * @param batchSize tasks claimed per round
 * @param subscriptionRefresh how long the consumer trusts its cached view of which event types are subscribed: a
 *                            subscription made through another instance is seen within this
 * @param consumer how the group {@code order-webhooks} receives order events
 */
@ConfigurationProperties("webhooks")
public record WebhookProperties(@DefaultValue("true") boolean enabled,
                                Retry retry,
                                @DefaultValue("5s") Duration requestTimeout,
                                @DefaultValue("4") int maxInFlightPerSubscription,
                                @DefaultValue("16") int threads,
                                @DefaultValue("200ms") Duration pollInterval,
                                @DefaultValue("50") int batchSize,
                                @DefaultValue("1s") Duration subscriptionRefresh,
                                Consumer consumer) {

    /**
     * Added to {@link #activationDelay} for what the other terms leave out: the commit of the subscription after its
     * {@code created_at} was taken, the round trips of a receive, and clock differences between instances.
     */
    public static final Duration ACTIVATION_MARGIN = Duration.ofSeconds(2);

    public WebhookProperties {
        retry = retry == null ? new Retry(Duration.ofSeconds(1), Duration.ofMinutes(5), 8) : retry;
        consumer = consumer == null ? new Consumer(Duration.ofSeconds(5), 4, 16) : consumer;
        requirePositive("subscription-refresh", subscriptionRefresh);
        requirePositive("request-timeout", requestTimeout);
        requirePositive("poll-interval", pollInterval);
        // 0 is not "unlimited" here: no permit would ever be free and every task would be released unsent, silently.
        requireAtLeastOne("max-in-flight-per-subscription", maxInFlightPerSubscription);
        requireAtLeastOne("threads", threads);
        requireAtLeastOne("batch-size", batchSize);
        requireAtLeastOne("retry.max-attempts", retry.maxAttempts());
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("webhooks." + key + " must be positive, got " + value);
        }
    }

    private static void requireAtLeastOne(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("webhooks." + key + " must be at least 1, got " + value);
        }
    }

    /**
     * How long after its creation a subscription is in effect on every instance: from then on, every event of its
     * types that occurs is consumed by the group and gets a task for it. An event that occurs earlier may or may not
     * (the broker skips, for good, what the group's tag filter did not name when it popped: see
     * {@link WebhookEventFilter}). The terms: an instance sees the subscription within {@link #subscriptionRefresh()};
     * a receive already under way with the old filter ends by its deadline, {@link Consumer#await()} plus the client's
     * request timeout (the proxy holds a receive at least 5 s by default, whatever the await, but never past the
     * deadline), and every receive after it names the new type; plus {@link #ACTIVATION_MARGIN}.
     *
     * @param requestTimeout the RocketMQ client's request timeout ({@code rocketmq.request-timeout})
     */
    public Duration activationDelay(Duration requestTimeout) {
        return subscriptionRefresh.plus(consumer.await()).plus(requestTimeout).plus(ACTIVATION_MARGIN);
    }

    /**
     * The group {@code order-webhooks}'s receiving: a simple consumer whose tag filter follows the subscribed event
     * types ({@link WebhookEventFilter}), checked before every receive.
     *
     * @param await how long one receive asks to wait at the broker for an event (the proxy makes it 5 s to 20 s by
     *              default); a filter change waits for the receive under way (see {@link #activationDelay}); with no
     *              subscription the group costs one empty receive per wait per receiver, nothing per order
     * @param receivers threads receiving and handling messages, each one batch at a time
     * @param batchSize messages taken per receive
     */
    public record Consumer(@DefaultValue("5s") Duration await, @DefaultValue("4") int receivers,
                           @DefaultValue("16") int batchSize) {

        public Consumer {
            if (await.isNegative() || await.isZero() || receivers < 1 || batchSize < 1) {
                throw new IllegalArgumentException("webhooks.consumer needs a positive await, receivers and batch-size");
            }
        }
    }

    /**
     * @param baseDelay delay after the first failed attempt; doubled per attempt, with ±20 % jitter
     * @param maxDelay upper bound of the delay
     * @param maxAttempts attempts before the task is FAILED
     */
    public record Retry(@DefaultValue("1s") Duration baseDelay, @DefaultValue("5m") Duration maxDelay,
                        @DefaultValue("8") int maxAttempts) {
    }

    /** The delay before attempt {@code attempts + 1}; {@code jitter} in [0, 1). */
    public Duration backoffAfter(int attempts, double jitter) {
        long base = retry.baseDelay().toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        long capped = Math.min(base, retry.maxDelay().toMillis());
        return Duration.ofMillis(Math.round(capped * (0.8 + 0.4 * jitter)));
    }
}
