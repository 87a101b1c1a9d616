package io.txorders.order.persistence;

import java.math.BigDecimal;
import lombok.Getter;
import lombok.Setter;

/** A row of {@code order_item}. */
@Getter
@Setter
class OrderItemRow {
    private String orderNo;
    private String sku;
    private int quantity;
    private BigDecimal unitPrice;
}
