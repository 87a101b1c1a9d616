package io.txorders.inventory.stock;

/**
 * Stock of one SKU. Invariant, also a CHECK in the database: {@code available + reserved + sold == stocked},
 * every figure ≥ 0.
 */
public record StockLevel(String sku, int available, int reserved, int sold, int stocked) {
}
