package io.txorders.messaging.outbox;

import java.util.UUID;

/** A row of the outbox as the relay sees it. */
public record OutboxEntry(long id, UUID eventId, String eventType, String orderNo, String payload, int attempts) {
}
