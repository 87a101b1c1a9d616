package io.txorders.inventory.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
interface ReservationMapper {

    Map<String, Object> findForUpdate(@Param("orderNo") String orderNo);

    List<Map<String, Object>> lockExisting(@Param("orderNos") Collection<String> orderNos);

    List<Map<String, Object>> findLines(@Param("orderNo") String orderNo);

    void insert(@Param("orderNo") String orderNo, @Param("status") String status,
                @Param("rejectReason") String rejectReason, @Param("now") Instant now);

    void insertAll(@Param("rows") List<MyBatisReservationRepository.ReservationRow> rows, @Param("now") Instant now);

    void insertAllLines(@Param("lines") List<MyBatisReservationRepository.LineRow> lines);

    void insertLines(@Param("orderNo") String orderNo, @Param("lines") Map<String, Integer> lines);

    void updateStatus(@Param("orderNo") String orderNo, @Param("status") String status, @Param("now") Instant now);
}
