package io.txorders.messaging.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * An order was cancelled; inventory releases what it reserved for it (or records that nothing may be
 * reserved for it later, when the cancellation arrives first).
 *
 * @param reason why: {@code USER}, {@code TIMEOUT}, {@code OUT_OF_STOCK} or {@code UNKNOWN_SKU}
 */
public record OrderCancelled(UUID eventId, int version, Instant occurredAt, String orderNo, long userId,
                             String reason) implements Event {

    @Override
    public EventType type() {
        return EventType.OrderCancelled;
    }
}
