package io.txorders.order.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings ({@code webhooks.*}).
 *
 * @param retry back-off between attempts and when to give up
 * @param requestTimeout connect + response timeout of one POST
 * @param maxInFlightPerSubscription concurrent deliveries to one subscription, so a slow partner cannot take
 *                                   every dispatcher thread
 * @param threads dispatcher threads in all
 * @param pollInterval pause between dispatcher rounds
 * @param batchSize tasks claimed per round
 * @param subscriptionRefresh how long the consumer trusts its cached view of which event types are subscribed: a
 *                            subscription made through another instance takes effect within this
 */
@ConfigurationProperties("webhooks")
public record WebhookProperties(Retry retry,
                                @DefaultValue("5s") Duration requestTimeout,
                                @DefaultValue("4") int maxInFlightPerSubscription,
                                @DefaultValue("16") int threads,
                                @DefaultValue("200ms") Duration pollInterval,
                                @DefaultValue("50") int batchSize,
                                @DefaultValue("1s") Duration subscriptionRefresh) {

    public WebhookProperties {
        retry = retry == null ? new Retry(Duration.ofSeconds(1), Duration.ofMinutes(5), 8) : retry;
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
