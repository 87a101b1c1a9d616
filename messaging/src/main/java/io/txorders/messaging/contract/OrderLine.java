package io.txorders.messaging.contract;

import java.math.BigDecimal;

/** One line of an order as carried in events. */
public record OrderLine(String sku, int quantity, BigDecimal unitPrice) {
}
