package io.txorders.messaging.contract;

import java.time.Instant;
import java.util.UUID;

/** The payment deadline of an order has passed; cancel it unless it was paid. */
public record OrderTimeout(UUID eventId, int version, Instant occurredAt, String orderNo) implements Event {

    @Override
    public EventType type() {
        return EventType.OrderTimeout;
    }
}
