package io.txorders.order.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
interface TxStateMapper {

    void insertCommitted(@Param("txId") String txId, @Param("orderNo") String orderNo,
                         @Param("eventType") String eventType, @Param("messageBody") byte[] messageBody,
                         @Param("now") Instant now);

    void upsertTombstoneAndCountCheck(@Param("txId") String txId, @Param("orderNo") String orderNo,
                                      @Param("eventType") String eventType, @Param("now") Instant now);

    String findState(@Param("txId") String txId);

    int confirmCommits(@Param("txIds") Collection<String> txIds, @Param("now") Instant now);

    List<CommittedPublishRow> findUnconfirmedBefore(@Param("cutoff") Instant cutoff, @Param("now") Instant now,
                                                    @Param("limit") int limit);

    CommittedPublishRow findCommitted(@Param("txId") String txId);

    int claimRecovery(@Param("txId") String txId, @Param("now") Instant now, @Param("until") Instant until);

    int markRepublished(@Param("txId") String txId, @Param("now") Instant now);

    int deleteCreatedBefore(@Param("cutoff") Instant cutoff, @Param("limit") int limit);
}
