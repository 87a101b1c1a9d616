package io.txorders.order.persistence;

import java.time.Instant;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
interface TxStateMapper {

    void insertCommitted(@Param("txId") String txId, @Param("orderNo") String orderNo,
                         @Param("eventType") String eventType, @Param("now") Instant now);

    void upsertTombstoneAndCountCheck(@Param("txId") String txId, @Param("orderNo") String orderNo,
                                      @Param("eventType") String eventType, @Param("now") Instant now);

    String findState(@Param("txId") String txId);

    int deleteCreatedBefore(@Param("cutoff") Instant cutoff, @Param("limit") int limit);
}
