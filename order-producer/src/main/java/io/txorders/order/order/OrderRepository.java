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

    /**
     * Applies a transition in one conditional write, without reading the order: the status changes only if it is
     * {@code transition.from()}. The version moves on as with {@link #update}, so a concurrent read-modify-write of
     * the same order (a payment, a cancellation) fails its optimistic check and is decided again.
     *
     * @return whether the order changed; {@code false} when it is in another status or does not exist
     */
    boolean apply(String orderNo, StatusTransition transition);

    /** The stored status of an order, read alone (no items). */
    Optional<OrderStatus> findStatus(String orderNo);
}
