package io.txorders.inventory.persistence;

import io.txorders.inventory.reservation.RejectReason;
import io.txorders.inventory.reservation.Reservation;
import io.txorders.inventory.reservation.ReservationRepository;
import io.txorders.inventory.reservation.ReservationStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Repository;

@Repository
class MyBatisReservationRepository implements ReservationRepository {

    private final ReservationMapper mapper;
    private final Clock clock;

    MyBatisReservationRepository(ReservationMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public Optional<Reservation> findForUpdate(String orderNo) {
        return Optional.ofNullable(mapper.findForUpdate(orderNo)).map(this::toReservation);
    }

    @Override
    public Map<String, ReservationStatus> lockExisting(Collection<String> orderNos) {
        Map<String, ReservationStatus> existing = new HashMap<>();
        if (!orderNos.isEmpty()) {
            mapper.lockExisting(orderNos).forEach(row -> existing.put((String) row.get("order_no"),
                    ReservationStatus.valueOf((String) row.get("status"))));
        }
        return existing;
    }

    @Override
    public void insert(Reservation reservation) {
        mapper.insert(reservation.orderNo(), reservation.status().name(),
                reservation.rejectReason() == null ? null : reservation.rejectReason().name(), clock.instant());
        if (!reservation.lines().isEmpty()) {
            mapper.insertLines(reservation.orderNo(), new TreeMap<>(reservation.lines()));
        }
    }

    @Override
    public void insertAll(List<Reservation> reservations) {
        if (reservations.isEmpty()) {
            return;
        }
        List<ReservationRow> rows = new ArrayList<>(reservations.size());
        List<LineRow> lines = new ArrayList<>();
        for (Reservation reservation : reservations) {
            rows.add(new ReservationRow(reservation.orderNo(), reservation.status().name(),
                    reservation.rejectReason() == null ? null : reservation.rejectReason().name()));
            new TreeMap<>(reservation.lines()).forEach((sku, quantity) ->
                    lines.add(new LineRow(reservation.orderNo(), sku, quantity)));
        }
        mapper.insertAll(rows, clock.instant());
        if (!lines.isEmpty()) {
            mapper.insertAllLines(lines);
        }
    }

    /** A {@code reservation} row as written. */
    record ReservationRow(String orderNo, String status, String rejectReason) {
    }

    /** A {@code reservation_line} row as written. */
    record LineRow(String orderNo, String sku, int quantity) {
    }

    @Override
    public void updateStatus(String orderNo, ReservationStatus status) {
        mapper.updateStatus(orderNo, status.name(), clock.instant());
    }

    private Reservation toReservation(Map<String, Object> row) {
        String orderNo = (String) row.get("order_no");
        Map<String, Integer> lines = new TreeMap<>();
        mapper.findLines(orderNo).forEach(line ->
                lines.put((String) line.get("sku"), ((Number) line.get("quantity")).intValue()));
        Object reason = row.get("reject_reason");
        return new Reservation(orderNo, ReservationStatus.valueOf((String) row.get("status")),
                reason == null ? null : RejectReason.valueOf((String) reason), lines);
    }
}
