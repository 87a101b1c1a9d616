package io.txorders.messaging.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A PENDING order was placed; inventory should reserve all of its items or none. */
public record OrderCreated(UUID eventId, int version, Instant occurredAt, String orderNo, long userId,
                           List<OrderLine> items, BigDecimal totalAmount, Instant paymentDeadline)
        implements Event {

    public OrderCreated {
        items = List.copyOf(items);
    }

    @Override
    public EventType type() {
        return EventType.OrderCreated;
    }
}
