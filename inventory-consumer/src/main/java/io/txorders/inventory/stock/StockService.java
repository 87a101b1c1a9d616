package io.txorders.inventory.stock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading stock and the admin's restock. */
@Service
public class StockService {

    private static final Logger log = LoggerFactory.getLogger(StockService.class);

    private final StockRepository stock;

    public StockService(StockRepository stock) {
        this.stock = stock;
    }

    /** @throws UnknownSkuException if the SKU was never stocked */
    public StockLevel get(String sku) {
        return stock.find(sku).orElseThrow(() -> new UnknownSkuException(sku));
    }

    /** Sets the available quantity of a SKU (creating it), keeping what is reserved and sold. */
    @Transactional
    public StockLevel setAvailable(String sku, int available) {
        stock.setAvailable(sku, available);
        StockLevel level = get(sku);
        log.info("stock set sku={} available={} reserved={} sold={}", sku, level.available(), level.reserved(),
                level.sold());
        return level;
    }
}
