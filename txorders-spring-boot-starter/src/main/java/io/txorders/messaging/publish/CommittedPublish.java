package io.txorders.messaging.publish;

import java.time.Instant;
import java.util.UUID;

/**
 * A COMMITTED {@code tx_state} row with what is needed to rebuild its message byte for byte: the event id and order
 * number are the message keys, the event type names the topic and tag, the body is the one the half message carried.
 *
 * @param messageBody null for rows written before the body was kept (they cannot be rebuilt)
 * @param republishedAt when recovery last published it again; null if never
 */
public record CommittedPublish(UUID txId, String orderNo, String eventType, byte[] messageBody, Instant createdAt,
                               int checkCount, int recoveryAttempts, Instant commitConfirmedAt,
                               Instant republishedAt) {
}
