package io.txorders.order.order;

import java.util.Optional;

/** Where orders are kept. Implementations take part in the caller's transaction. */
public interface OrderRepository {

    /**
     * Stores a new order and its items.
     *
     * @throws org.springframework.dao.DuplicateKeyException if the user already placed an order with the same
     *         idempotency key (a concurrent retry won)
     */
    void insert(Order order);

    Optional<Order> findByOrderNo(String orderNo);

    Optional<Order> findByIdempotencyKey(long userId, String idempotencyKey);

    /** Numbers of PENDING or RESERVED orders whose payment deadline is before {@code deadline}, oldest first. */
    java.util.List<String> findOverdue(java.time.Instant deadline, int limit);

    /**
     * Stores the order's new status and cancel reason if nobody changed it since it was read.
     *
     * @return {@code false} when the stored version moved on (a concurrent change won)
     */
    boolean update(Order order);
}
