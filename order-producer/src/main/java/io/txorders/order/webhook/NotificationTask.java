package io.txorders.order.webhook;

import java.time.Instant;

/**
 * One event to deliver to one subscription, as the dispatcher sees it.
 *
 * @param attempts attempts made so far
 */
public record NotificationTask(long id, long subscriptionId, String url, String secret, String eventId,
                               String eventType, String orderNo, String payload, int attempts, String status,
                               Integer lastStatus, String lastError, Instant createdAt) {
}
