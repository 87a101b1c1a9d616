package io.txorders.inventory.persistence;

import io.txorders.inventory.stock.StockLevel;
import java.time.Instant;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
interface StockMapper {

    int reserve(@Param("sku") String sku, @Param("quantity") int quantity, @Param("now") Instant now);

    int confirm(@Param("sku") String sku, @Param("quantity") int quantity, @Param("now") Instant now);

    int release(@Param("sku") String sku, @Param("quantity") int quantity, @Param("now") Instant now);

    StockLevel find(@Param("sku") String sku);

    int upsertAvailable(@Param("sku") String sku, @Param("available") int available, @Param("now") Instant now);
}
