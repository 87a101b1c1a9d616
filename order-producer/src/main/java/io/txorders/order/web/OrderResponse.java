package io.txorders.order.web;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.swagger.v3.oas.annotations.media.Schema;
import io.txorders.order.order.Order;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * An order as the API shows it. Money is a string with exactly two decimals ({@code "19.90"}), as clients send it:
 * a JSON number would reach many clients as a binary floating-point value.
 */
record OrderResponse(
        String orderNo,
        long userId,
        String status,
        @Schema(nullable = true, description = "why it was cancelled (USER, TIMEOUT, OUT_OF_STOCK, "
                + "UNKNOWN_SKU); null unless CANCELLED") String cancelReason,
        @JsonFormat(shape = JsonFormat.Shape.STRING)
        @Schema(type = "string", pattern = MONEY, example = "39.80") BigDecimal totalAmount,
        Instant paymentDeadline,
        Instant createdAt,
        List<Item> items) {

    /** Money on the wire: digits, a point, two decimals. */
    static final String MONEY = "^[0-9]{1,12}\\.[0-9]{2}$";

    record Item(String sku, int quantity,
                @JsonFormat(shape = JsonFormat.Shape.STRING)
                @Schema(type = "string", pattern = MONEY, example = "19.90") BigDecimal unitPrice) {
    }

    static OrderResponse of(Order order) {
        return new OrderResponse(order.orderNo(), order.userId(), order.status().name(),
                order.cancelReason().map(Enum::name).orElse(null), money(order.totalAmount()), order.paymentDeadline(),
                order.createdAt(),
                order.items().stream().map(i -> new Item(i.sku(), i.quantity(), money(i.unitPrice()))).toList());
    }

    /** Two decimals always: a price given as "19.9" is shown as "19.90", as the database keeps it. */
    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }
}
