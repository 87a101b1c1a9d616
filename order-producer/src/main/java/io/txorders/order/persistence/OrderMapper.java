package io.txorders.order.persistence;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
interface OrderMapper {

    void insertOrder(OrderRow row);

    void insertItems(@Param("orderNo") String orderNo, @Param("items") List<OrderItemRow> items);

    OrderRow findByOrderNo(@Param("orderNo") String orderNo);

    OrderRow findByClientRequest(@Param("userId") long userId, @Param("clientRequestId") String clientRequestId);

    List<String> findOverdue(@Param("deadline") Instant deadline, @Param("limit") int limit);

    List<OrderItemRow> findItems(@Param("orderNo") String orderNo);

    int updateStatus(@Param("orderNo") String orderNo, @Param("status") String status,
                     @Param("cancelReason") String cancelReason, @Param("expectedVersion") int expectedVersion,
                     @Param("now") Instant now);

    int applyTransition(@Param("orderNo") String orderNo, @Param("from") String from, @Param("to") String to,
                        @Param("now") Instant now);

    String findStatus(@Param("orderNo") String orderNo);
}
