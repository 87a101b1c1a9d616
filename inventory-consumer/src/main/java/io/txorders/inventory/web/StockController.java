package io.txorders.inventory.web;

import io.txorders.messaging.contract.Sku;
import io.txorders.messaging.web.AdminOnly;
import io.txorders.messaging.web.ProblemResponse;
import io.txorders.inventory.stock.StockLevel;
import io.txorders.inventory.stock.StockService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /stock/{sku}}: read stock; set it (admin). */
@RestController
class StockController {

    private final StockService stock;

    StockController(StockService stock) {
        this.stock = stock;
    }

    /** Body of {@code PUT /stock/{sku}}. */
    record SetStock(@NotNull @Min(0) @Max(1_000_000_000) Integer available) {
    }

    record StockResponse(String sku, int available, int reserved, int sold) {
        static StockResponse of(StockLevel level) {
            return new StockResponse(level.sku(), level.available(), level.reserved(), level.sold());
        }
    }

    @GetMapping("/stock/{sku}")
    @ProblemResponse(status = 404, description = "No stock row for that SKU")
    StockResponse get(@PathVariable String sku) {
        return StockResponse.of(stock.get(sku));
    }

    /**
     * Sets the available quantity (restock or correction); what is reserved and sold stays. Admin only. A SKU with
     * space of any kind at either end (a no-break space too) is refused: an order's SKU never has one (order-producer
     * strips it: {@link Sku}), so such a row could never be ordered, and the database's PAD SPACE
     * comparison would let one path reserve it while the batched path finds no such SKU.
     */
    @PutMapping("/stock/{sku}")
    @AdminOnly
    StockResponse set(@PathVariable @Size(min = 1, max = 64) @Pattern(regexp = Sku.NO_SPACE_AT_EITHER_END,
                              message = "must not start or end with space of any kind") String sku,
                      @Valid @RequestBody SetStock body) {
        return StockResponse.of(stock.setAvailable(sku, body.available()));
    }
}
