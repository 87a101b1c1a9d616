package io.txorders.inventory.reservation;

/** The reservation ledger of one order (Try / Confirm / Cancel). */
public enum ReservationStatus {
    /** Try succeeded: every item is held in {@code reserved}. */
    RESERVED,
    /** Confirm: the order was paid and the held items are sold. Final. */
    CONFIRMED,
    /**
     * Cancel: held items went back to {@code available}; or the cancellation arrived before the Try, and this
     * marker makes a late Try refuse (no suspended reservation). Final.
     */
    RELEASED,
    /** Try failed (no stock, unknown SKU); nothing is held. Final. */
    REJECTED
}
