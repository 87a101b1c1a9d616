package io.txorders.order.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
interface WebhookMapper {

    /** Row holder for the generated key. */
    class NewSubscription {
        public Long id;
        public String url;
        public String events;
        public String secret;
        public Instant now;
    }

    void insertSubscription(NewSubscription subscription);

    List<Map<String, Object>> findSubscriptions(@Param("id") Long id);

    int deactivate(@Param("id") long id);

    int endTasks(@Param("subscriptionId") long subscriptionId);

    int insertTask(@Param("subscriptionId") long subscriptionId, @Param("eventId") String eventId,
                   @Param("eventType") String eventType, @Param("orderNo") String orderNo,
                   @Param("payload") String payload, @Param("now") Instant now);

    int claim(@Param("token") String token, @Param("now") Instant now, @Param("until") Instant until,
              @Param("limit") int limit, @Param("skipped") Collection<Long> skipped);

    List<Map<String, Object>> findTasks(@Param("token") String token, @Param("status") String status,
                                        @Param("limit") int limit);

    void release(@Param("id") long id, @Param("token") String token);

    int renewClaim(@Param("id") long id, @Param("token") String token, @Param("until") Instant until);

    void markDelivered(@Param("id") long id, @Param("token") String token, @Param("attempts") int attempts,
                       @Param("statusCode") int statusCode, @Param("now") Instant now);

    void markAttemptFailed(@Param("id") long id, @Param("token") String token, @Param("attempts") int attempts,
                           @Param("statusCode") Integer statusCode, @Param("error") String error,
                           @Param("next") Instant next, @Param("status") String status);

    void insertLog(@Param("taskId") long taskId, @Param("attempt") int attempt, @Param("statusCode") Integer statusCode,
                   @Param("error") String error, @Param("durationMs") long durationMs, @Param("now") Instant now);

    int retry(@Param("id") long id, @Param("now") Instant now);
}
