package io.txorders.order.persistence;

import io.txorders.order.txstate.CommittedPublish;
import java.time.Instant;
import java.util.UUID;
import lombok.Getter;
import lombok.Setter;

/** A COMMITTED {@code tx_state} row as MyBatis maps it. */
@Getter
@Setter
class CommittedPublishRow {
    private String txId;
    private String orderNo;
    private String eventType;
    private byte[] messageBody;
    private Instant createdAt;
    private int checkCount;
    private int recoveryAttempts;
    private Instant commitConfirmedAt;
    private Instant republishedAt;

    CommittedPublish toDomain() {
        return new CommittedPublish(UUID.fromString(txId), orderNo, eventType, messageBody, createdAt, checkCount,
                recoveryAttempts, commitConfirmedAt, republishedAt);
    }
}
