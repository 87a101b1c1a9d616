package io.txorders.messaging.outbox;

import java.util.UUID;

/**
 * A row of the outbox as the relay sees it.
 *
 * @param traceContext the trace context of the work that wrote it ({@code TraceHeaders#encode}), or {@code null}
 */
public record OutboxEntry(long id, UUID eventId, String eventType, String orderNo, String payload, int attempts,
                          String traceContext) {
}
