package io.txorders.order.order;

import io.txorders.messaging.contract.Sku;
import java.math.BigDecimal;
import java.util.Objects;

/** One line of an order: a SKU, how many, at what unit price. */
public record OrderItem(String sku, int quantity, BigDecimal unitPrice) {

    public OrderItem {
        Objects.requireNonNull(sku, "sku");
        if (Sku.stripSpace(sku).isEmpty()) {
            throw new IllegalArgumentException("sku must not be blank");
        }
        Objects.requireNonNull(unitPrice, "unitPrice");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        if (unitPrice.signum() <= 0) {
            throw new IllegalArgumentException("unitPrice must be positive");
        }
    }

    /** quantity × unit price. */
    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
