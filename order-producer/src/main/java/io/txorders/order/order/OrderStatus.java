package io.txorders.order.order;

/** Where an order is in its life (design §2). */
public enum OrderStatus {
    /** Placed; inventory has not answered yet. */
    PENDING,
    /** Inventory holds every item; the order can be paid until its deadline. */
    RESERVED,
    /** Paid; inventory turns the reservation into a sale and points are awarded. Final. */
    PAID,
    /** Cancelled for the reason in {@link CancelReason}; nothing stays reserved. Final. */
    CANCELLED
}
