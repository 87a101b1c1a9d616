package io.txorders.messaging.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * Inventory could not reserve the order; nothing of it is held.
 *
 * @param reason {@code OUT_OF_STOCK} or {@code UNKNOWN_SKU}
 */
public record StockRejected(UUID eventId, int version, Instant occurredAt, String orderNo, String reason)
        implements Event {

    @Override
    public EventType type() {
        return EventType.StockRejected;
    }
}
