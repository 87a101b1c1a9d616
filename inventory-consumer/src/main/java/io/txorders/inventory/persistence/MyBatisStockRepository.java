package io.txorders.inventory.persistence;

import io.txorders.inventory.stock.StockLevel;
import io.txorders.inventory.stock.StockRepository;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Repository;

@Repository
class MyBatisStockRepository implements StockRepository {

    private final StockMapper mapper;
    private final Clock clock;

    MyBatisStockRepository(StockMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public boolean tryReserve(String sku, int quantity) {
        return mapper.reserve(sku, quantity, clock.instant()) == 1;
    }

    @Override
    public boolean confirm(String sku, int quantity) {
        return mapper.confirm(sku, quantity, clock.instant()) == 1;
    }

    @Override
    public boolean release(String sku, int quantity) {
        return mapper.release(sku, quantity, clock.instant()) == 1;
    }

    @Override
    public Map<String, Integer> lockAvailable(Collection<String> skus) {
        Map<String, Integer> available = new TreeMap<>();
        if (!skus.isEmpty()) {
            mapper.lockAvailable(skus).forEach(row ->
                    available.put((String) row.get("sku"), ((Number) row.get("available")).intValue()));
        }
        return available;
    }

    @Override
    public boolean exists(String sku) {
        return mapper.find(sku) != null;
    }

    @Override
    public Optional<StockLevel> find(String sku) {
        return Optional.ofNullable(mapper.find(sku));
    }

    @Override
    public void setAvailable(String sku, int available) {
        mapper.upsertAvailable(sku, available, clock.instant());
    }
}
