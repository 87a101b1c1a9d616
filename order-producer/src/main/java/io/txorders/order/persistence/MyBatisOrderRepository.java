package io.txorders.order.persistence;

import io.txorders.order.order.CancelReason;
import io.txorders.order.order.Order;
import io.txorders.order.order.OrderItem;
import io.txorders.order.order.OrderRepository;
import io.txorders.order.order.OrderStatus;
import io.txorders.order.order.StatusTransition;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Repository;

@Repository
class MyBatisOrderRepository implements OrderRepository {

    private final OrderMapper mapper;
    private final Clock clock;

    MyBatisOrderRepository(OrderMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public void insert(Order order) {
        OrderRow row = new OrderRow();
        row.setOrderNo(order.orderNo());
        row.setUserId(order.userId());
        row.setStatus(order.status().name());
        row.setTotalAmount(order.totalAmount());
        row.setCancelReason(order.cancelReason().map(Enum::name).orElse(null));
        row.setPaymentDeadline(order.paymentDeadline());
        row.setClientRequestId(order.idempotencyKey().orElse(null));
        row.setRequestHash(order.requestFingerprint());
        row.setVersion(order.version());
        row.setCreatedAt(order.createdAt());
        row.setUpdatedAt(order.createdAt());
        mapper.insertOrder(row);
        mapper.insertItems(order.orderNo(), order.items().stream().map(item -> {
            OrderItemRow itemRow = new OrderItemRow();
            itemRow.setOrderNo(order.orderNo());
            itemRow.setSku(item.sku());
            itemRow.setQuantity(item.quantity());
            itemRow.setUnitPrice(item.unitPrice());
            return itemRow;
        }).toList());
    }

    @Override
    public Optional<Order> findByOrderNo(String orderNo) {
        return Optional.ofNullable(mapper.findByOrderNo(orderNo)).map(this::toOrder);
    }

    @Override
    public Optional<Order> findByIdempotencyKey(long userId, String idempotencyKey) {
        return Optional.ofNullable(mapper.findByClientRequest(userId, idempotencyKey)).map(this::toOrder);
    }

    @Override
    public List<String> findOverdue(java.time.Instant deadline, int limit) {
        return mapper.findOverdue(deadline, limit);
    }

    @Override
    public boolean update(Order order) {
        return mapper.updateStatus(order.orderNo(), order.status().name(),
                order.cancelReason().map(Enum::name).orElse(null), order.version(), clock.instant()) == 1;
    }

    @Override
    public boolean apply(String orderNo, StatusTransition transition) {
        return mapper.applyTransition(orderNo, transition.from().name(), transition.to().name(), clock.instant()) == 1;
    }

    @Override
    public Optional<OrderStatus> findStatus(String orderNo) {
        return Optional.ofNullable(mapper.findStatus(orderNo)).map(OrderStatus::valueOf);
    }

    private Order toOrder(OrderRow row) {
        List<OrderItem> items = mapper.findItems(row.getOrderNo()).stream()
                .map(i -> new OrderItem(i.getSku(), i.getQuantity(), i.getUnitPrice()))
                .toList();
        return Order.restore(row.getOrderNo(), row.getUserId(), items, row.getTotalAmount(),
                OrderStatus.valueOf(row.getStatus()),
                row.getCancelReason() == null ? null : CancelReason.valueOf(row.getCancelReason()),
                row.getPaymentDeadline(), row.getCreatedAt(), row.getClientRequestId(), row.getRequestHash(),
                row.getVersion());
    }
}
