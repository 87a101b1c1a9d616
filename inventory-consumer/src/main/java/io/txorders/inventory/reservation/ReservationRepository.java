package io.txorders.inventory.reservation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code reservation} and {@code reservation_line} tables. */
public interface ReservationRepository {

    /** Reads and locks the order's reservation (until the transaction ends), or the gap where it would be. */
    Optional<Reservation> findForUpdate(String orderNo);

    /** Reads and locks the reservations that exist among {@code orderNos}: status per order that has one. */
    Map<String, ReservationStatus> lockExisting(Collection<String> orderNos);

    /** @throws org.springframework.dao.DuplicateKeyException if the order already has one (a concurrent writer) */
    void insert(Reservation reservation);

    /**
     * Inserts these reservations and their lines with a statement per table, not per reservation.
     *
     * @throws org.springframework.dao.DuplicateKeyException if an order already has one (a concurrent writer)
     */
    void insertAll(List<Reservation> reservations);

    void updateStatus(String orderNo, ReservationStatus status);
}
