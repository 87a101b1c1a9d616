package io.txorders.order.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import lombok.Getter;
import lombok.Setter;

/** A row of {@code orders} as MyBatis maps it. */
@Getter
@Setter
class OrderRow {
    private String orderNo;
    private long userId;
    private String status;
    private BigDecimal totalAmount;
    private String cancelReason;
    private Instant paymentDeadline;
    private String clientRequestId;
    private String requestHash;
    private int version;
    private Instant createdAt;
    private Instant updatedAt;
}
