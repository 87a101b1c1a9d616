package io.txorders.order.webhook;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The webhook tables. */
public interface WebhookRepository {

    long insertSubscription(String url, String events, String secret, Instant now);

    List<WebhookSubscription> findActiveSubscriptions();

    Optional<WebhookSubscription> findSubscription(long id);

    /**
     * Deactivates a subscription and ends its PENDING and FAILED tasks (status ENDED): nothing more is delivered
     * for it, and no task is created for it any more.
     *
     * @return whether a subscription was deactivated
     */
    boolean deactivate(long id);

    /** Inserts a PENDING task unless one exists for this subscription and event; returns whether it did. */
    boolean insertTask(long subscriptionId, String eventId, String eventType, String orderNo, String payload, Instant now);

    /**
     * Claims up to {@code limit} due PENDING tasks for {@code token} until {@code until}, lowest id first, leaving
     * out those of the subscriptions in {@code skipped}.
     */
    int claim(String token, Instant now, Instant until, int limit, Collection<Long> skipped);

    List<NotificationTask> findClaimed(String token);

    void release(long taskId, String token);

    /**
     * Extends the claim of a task this round still holds; false when it no longer does (its lease ran out while it
     * waited for a delivery thread, and another round or instance claimed it, or delivered it already).
     */
    boolean renewClaim(long taskId, String token, Instant until);

    void markDelivered(long taskId, String token, int attempts, int statusCode, Instant now);

    /** Back to PENDING at {@code nextAttemptAt}, or FAILED when {@code failed}. */
    void markAttemptFailed(long taskId, String token, int attempts, Integer statusCode, String error,
                           Instant nextAttemptAt, boolean failed);

    void log(long taskId, int attempt, Integer statusCode, String error, long durationMs, Instant now);

    List<NotificationTask> findFailed(int limit);

    /** FAILED → PENDING with its attempts reset; returns whether the task was FAILED and its subscription active. */
    boolean retry(long taskId, Instant now);
}
