package io.txorders.messaging.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * An event of the platform. {@link #eventId()} is the idempotency key end to end: the RocketMQ message key,
 * the producer's {@code tx_state.tx_id} and every consumer's inbox key.
 */
public sealed interface Event permits OrderCreated, OrderPaid, OrderCancelled, StockReserved, StockRejected, OrderTimeout {

    /** Current version of every event body; bumped only for incompatible changes. */
    int CURRENT_VERSION = 1;

    UUID eventId();

    int version();

    Instant occurredAt();

    /** The order the event is about; also set as a second message key for lookup by order. */
    String orderNo();

    EventType type();
}
