package io.txorders.inventory.reservation;

import java.util.Map;

/**
 * The ledger entry of one order.
 *
 * @param lines quantity per SKU held by this reservation (empty for REJECTED and for a release marker)
 */
public record Reservation(String orderNo, ReservationStatus status, RejectReason rejectReason, Map<String, Integer> lines) {

    public Reservation {
        lines = Map.copyOf(lines);
    }

    /** Whether a Confirm or a Cancel still has something to do. */
    public boolean holdsStock() {
        return status == ReservationStatus.RESERVED;
    }
}
