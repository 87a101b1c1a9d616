package io.txorders.order.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/** Body of {@code POST /orders}. */
record PlaceOrderRequest(
        @NotNull @Positive Long userId,
        @NotNull @Size(min = 1, max = 50) List<@NotNull @Valid Item> items) {

    /** One line: {@code {"sku":"SKU-1","quantity":2,"unitPrice":"19.90"}}. */
    record Item(
            @NotBlank @Size(max = 64) String sku,
            @NotNull @Min(1) @Max(1000) Integer quantity,
            @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 10, fraction = 2)
            @Schema(type = "string", pattern = "^[0-9]{1,10}(\\.[0-9]{1,2})?$", example = "19.90",
                    description = "a decimal string with at most 2 decimals (a JSON number is accepted too)")
            BigDecimal unitPrice) {
    }
}
