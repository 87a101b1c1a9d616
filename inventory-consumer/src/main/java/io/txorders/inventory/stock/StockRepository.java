package io.txorders.inventory.stock;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** The {@code stock} table. Every change is one conditional statement, so stock never goes negative. */
public interface StockRepository {

    /**
     * {@code available -= quantity, reserved += quantity} if at least {@code quantity} is available.
     *
     * @return whether it was reserved (false: unknown SKU or not enough available)
     */
    boolean tryReserve(String sku, int quantity);

    /** {@code reserved -= quantity, sold += quantity}; false if fewer than {@code quantity} are reserved. */
    boolean confirm(String sku, int quantity);

    /** {@code reserved -= quantity, available += quantity}; false if fewer than {@code quantity} are reserved. */
    boolean release(String sku, int quantity);

    /**
     * Reads and locks (until the transaction ends) the available quantity of the SKUs that exist, in SKU order.
     *
     * @return available per existing SKU; unknown SKUs are absent
     */
    Map<String, Integer> lockAvailable(Collection<String> skus);

    boolean exists(String sku);

    Optional<StockLevel> find(String sku);

    /**
     * Sets the available quantity, creating the SKU if needed; {@code stocked} moves by the same amount so the
     * invariant holds. Never touches reserved or sold.
     */
    void setAvailable(String sku, int available);
}
