package io.txorders.order.order;

import java.util.Objects;

/**
 * A change of status whose rule depends on the status alone: it applies to an order in {@code from}, and to no
 * other. Such a change can be stored as one conditional write, without reading the order first.
 *
 * @param from the only status the change applies to
 * @param to the status the order is in afterwards
 */
public record StatusTransition(OrderStatus from, OrderStatus to) {

    public StatusTransition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** Whether an order in {@code status} changes. */
    public boolean appliesTo(OrderStatus status) {
        return status == from;
    }
}
