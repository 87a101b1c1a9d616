package io.txorders.order.order;

/**
 * The outcome of placing an order.
 *
 * @param order the order
 * @param created {@code true} for a new order, {@code false} when an idempotent retry found the earlier one
 */
public record Placement(Order order, boolean created) {
}
