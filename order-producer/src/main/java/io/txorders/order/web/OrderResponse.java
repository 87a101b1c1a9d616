package io.txorders.order.web;

import io.txorders.order.order.Order;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An order as the API shows it. */
record OrderResponse(String orderNo, long userId, String status, String cancelReason, BigDecimal totalAmount,
                     Instant paymentDeadline, Instant createdAt, List<Item> items) {

    record Item(String sku, int quantity, BigDecimal unitPrice) {
    }

    static OrderResponse of(Order order) {
        return new OrderResponse(order.orderNo(), order.userId(), order.status().name(),
                order.cancelReason().map(Enum::name).orElse(null), order.totalAmount(), order.paymentDeadline(),
                order.createdAt(),
                order.items().stream().map(i -> new Item(i.sku(), i.quantity(), i.unitPrice())).toList());
    }
}
