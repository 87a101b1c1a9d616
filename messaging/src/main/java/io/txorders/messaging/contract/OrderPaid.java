package io.txorders.messaging.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A RESERVED order was paid: inventory turns the reservation into a sale, points are awarded. */
public record OrderPaid(UUID eventId, int version, Instant occurredAt, String orderNo, long userId,
                        List<OrderLine> items, BigDecimal totalAmount) implements Event {

    public OrderPaid {
        items = List.copyOf(items);
    }

    @Override
    public EventType type() {
        return EventType.OrderPaid;
    }
}
