package io.txorders.inventory.reservation;

/** Why a reservation was refused. */
public enum RejectReason {
    /** A SKU has fewer available than ordered. */
    OUT_OF_STOCK,
    /** A SKU was never stocked. */
    UNKNOWN_SKU
}
