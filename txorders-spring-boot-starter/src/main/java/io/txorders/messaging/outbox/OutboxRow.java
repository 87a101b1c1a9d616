package io.txorders.messaging.outbox;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of the outbox as an operator sees it ({@code GET /admin/outbox}).
 *
 * @param lastError the last failed send's message; kept after a requeue until the next failure, as a record of why
 *        the row was DEAD
 * @param nextAttemptAt when the relay may try it next (PENDING), or when it would have been tried (DEAD)
 */
public record OutboxRow(long id, UUID eventId, String eventType, String orderNo, OutboxStatus status, int attempts,
                        @Schema(nullable = true) String lastError, Instant createdAt,
                        @Schema(nullable = true, format = "date-time") Instant nextAttemptAt) {
}
