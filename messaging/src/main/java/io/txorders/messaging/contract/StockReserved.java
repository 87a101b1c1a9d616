package io.txorders.messaging.contract;

import java.time.Instant;
import java.util.UUID;

/** Inventory reserved every item of the order. */
public record StockReserved(UUID eventId, int version, Instant occurredAt, String orderNo) implements Event {

    @Override
    public EventType type() {
        return EventType.StockReserved;
    }
}
