package io.txorders.points.persistence;

import io.txorders.points.points.PointsEntry;
import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
interface PointsMapper {

    void insertEntry(@Param("userId") long userId, @Param("orderNo") String orderNo, @Param("delta") long delta,
                     @Param("reason") String reason, @Param("eventId") String eventId, @Param("now") Instant now);

    void addToBalance(@Param("userId") long userId, @Param("delta") long delta, @Param("now") Instant now);

    Long balance(@Param("userId") long userId);

    List<PointsEntry> entries(@Param("userId") long userId, @Param("limit") int limit);
}
