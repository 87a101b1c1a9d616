package io.txorders.inventory.persistence;

import io.txorders.inventory.stock.StockLevel;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
interface StockMapper {

    int reserve(@Param("sku") String sku, @Param("quantity") int quantity, @Param("now") Instant now);

    int confirm(@Param("sku") String sku, @Param("quantity") int quantity, @Param("now") Instant now);

    int release(@Param("sku") String sku, @Param("quantity") int quantity, @Param("now") Instant now);

    List<Map<String, Object>> lockAvailable(@Param("skus") Collection<String> skus);

    StockLevel find(@Param("sku") String sku);

    int upsertAvailable(@Param("sku") String sku, @Param("available") int available, @Param("now") Instant now);
}
