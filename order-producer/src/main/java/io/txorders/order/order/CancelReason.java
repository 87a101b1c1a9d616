package io.txorders.order.order;

/** Why an order was cancelled. */
public enum CancelReason {
    /** The customer cancelled it. */
    USER,
    /** It was not paid by its payment deadline. */
    TIMEOUT,
    /** Inventory could not reserve every item. */
    OUT_OF_STOCK,
    /** An item names a SKU inventory does not know. */
    UNKNOWN_SKU
}
