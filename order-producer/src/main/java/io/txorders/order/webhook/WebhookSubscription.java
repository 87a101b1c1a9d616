package io.txorders.order.webhook;

import io.txorders.messaging.contract.EventType;
import java.time.Instant;
import java.util.Set;

/** A partner's subscription to order events, delivered by HTTP POST to {@code url} and signed with {@code secret}. */
public record WebhookSubscription(long id, String url, Set<EventType> events, String secret, boolean active,
                                  Instant createdAt) {

    public WebhookSubscription {
        events = Set.copyOf(events);
    }

    public boolean wants(EventType type) {
        return active && events.contains(type);
    }
}
