package io.txorders.inventory.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
interface OutboxMapper {

    void insert(@Param("eventId") String eventId, @Param("eventType") String eventType, @Param("orderNo") String orderNo,
                @Param("payload") String payload, @Param("now") Instant now,
                @Param("traceContext") String traceContext);

    List<Long> lockClaimable(@Param("now") Instant now, @Param("limit") int limit);

    int claimIds(@Param("ids") List<Long> ids, @Param("token") String token, @Param("until") Instant until);

    List<Map<String, Object>> findClaimed(@Param("token") String token);

    int markSent(@Param("id") long id, @Param("token") String token, @Param("now") Instant now);

    void markFailed(@Param("id") long id, @Param("token") String token, @Param("attempts") int attempts,
                    @Param("next") Instant next, @Param("error") String error, @Param("status") String status);

    void release(@Param("token") String token);

    long countPending();

    Instant oldestPendingCreatedAt();

    List<Map<String, Object>> list(@Param("status") String status, @Param("limit") int limit);

    String statusOf(@Param("id") long id);

    int requeueDead(@Param("id") long id, @Param("now") Instant now);

    int requeueAllDead(@Param("now") Instant now);

    int purgeSentBefore(@Param("cutoff") Instant cutoff, @Param("limit") int limit);
}
