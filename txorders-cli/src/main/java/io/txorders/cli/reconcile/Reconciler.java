package io.txorders.cli.reconcile;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the three service databases, read-only, against the consistency rules of design §4 and returns
 * every discrepancy. Orders changed within the settle window are still in flight and not judged.
 */
final class Reconciler {

    /** A tx_state row older than this should have been delivered and consumed. */
    static final Duration CHECK_WINDOW = Duration.ofMinutes(2);
    /**
     * Inside the inbox retention by this much before the inbox is trusted: consumer clocks and the time between an
     * event's commit and its receipt (the inbox purges by receipt).
     */
    static final Duration INBOX_MARGIN = Duration.ofMinutes(10);
    /** Why an unconfirmed committed publish that no consumer saw is not a missed consumption. */
    static final String NEVER_REACHED = "committed, but neither its commit nor a check-back answer reached RocketMQ: "
            + "the broker discarded the half message and the event never reached the topic";
    /** An outbox row pending longer than this is reported. */
    static final Duration OUTBOX_PENDING_LIMIT = Duration.ofMinutes(5);

    private final Connection orders;
    private final Connection inventory;
    private final Connection points;
    private final Clock clock;
    /** This run's: events since then still have their inbox rows, if they were consumed. */
    private Instant inboxHorizon = Instant.EPOCH;

    /** What was looked at, for the summary. */
    record Counts(int orders, int settling, int skus, int transactions) {
    }

    record Result(Counts counts, List<Discrepancy> discrepancies) {
    }

    Reconciler(Connection orders, Connection inventory, Connection points, Clock clock) {
        this.orders = orders;
        this.inventory = inventory;
        this.points = points;
        this.clock = clock;
    }

    Result run(ReconcileOptions options) throws SQLException {
        Instant now = clock.instant();
        inboxHorizon = now.minus(options.inboxRetention()).plus(INBOX_MARGIN);
        List<Discrepancy> found = new ArrayList<>();
        int[] orderCounts = checkOrders(options, now, found);
        int skus = checkStock(found);
        checkOutbox(now, found);
        checkDeadLetters(found);
        checkOrphans(options, found);
        int transactions = checkUndeliveredTransactions(options, now, found);
        checkBalances(found);
        return new Result(new Counts(orderCounts[0], orderCounts[1], skus, transactions), found);
    }

    private int[] checkOrders(ReconcileOptions options, Instant now, List<Discrepancy> found) throws SQLException {
        Map<String, String> reservations = map(inventory,
                "SELECT order_no, status FROM reservation WHERE created_at >= ?", ts(options.since().minusSeconds(60)));
        Map<String, long[]> awards = new HashMap<>();
        try (PreparedStatement query = points.prepareStatement("SELECT order_no, SUM(delta), COUNT(*) FROM points_ledger "
                + "WHERE reason = 'ORDER_PAID' AND created_at >= ? GROUP BY order_no")) {
            query.setTimestamp(1, ts(options.since().minusSeconds(60)));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    awards.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3)});
                }
            }
        }
        int checked = 0;
        int settling = 0;
        try (PreparedStatement query = orders.prepareStatement("SELECT order_no, status, cancel_reason, total_amount, "
                + "created_at, updated_at FROM orders WHERE created_at >= ? ORDER BY created_at")) {
            query.setTimestamp(1, ts(options.since()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String orderNo = rows.getString(1);
                    String status = rows.getString(2);
                    BigDecimal total = rows.getBigDecimal(4);
                    Instant created = rows.getTimestamp(5).toInstant();
                    Instant updated = rows.getTimestamp(6).toInstant();
                    if (updated.isAfter(now.minus(options.settle()))
                            && !(status.equals("PENDING") && created.isBefore(now.minus(options.stuckAfter())))) {
                        settling++;
                        continue;
                    }
                    checked++;
                    judgeOrder(orderNo, status, rows.getString(3), total, created, updated, now, options,
                            reservations.get(orderNo), awards.get(orderNo), found);
                }
            }
        }
        return new int[] {checked, settling};
    }

    private void judgeOrder(String orderNo, String status, String cancelReason, BigDecimal total, Instant created,
                            Instant updated, Instant now, ReconcileOptions options, String reservation, long[] award,
                            List<Discrepancy> found) throws SQLException {
        String state = status + (cancelReason == null ? "" : "(" + cancelReason + ")") + ", reservation "
                + (reservation == null ? "none" : reservation) + ", points " + (award == null ? "none" : award[0]);
        switch (status) {
            case "PAID" -> {
                if ("RESERVED".equals(reservation)) {
                    found.add(missedUnlessConsumed("PAID_NOT_CONFIRMED", orderNo, state, "inventory-consumer",
                            "OrderPaid", updated));
                } else if (!"CONFIRMED".equals(reservation)) {
                    found.add(Discrepancy.forHuman("PAID_NOT_CONFIRMED", orderNo, state));
                }
                long expected = total.setScale(0, RoundingMode.FLOOR).longValueExact();
                if (award == null) {
                    found.add(missedUnlessConsumed("PAID_WITHOUT_POINTS", orderNo, state, "points-consumer",
                            "OrderPaid", updated));
                } else if (award[0] != expected || award[1] != 1) {
                    found.add(Discrepancy.forHuman("POINTS_WRONG", orderNo, state + ", expected " + expected));
                }
            }
            case "CANCELLED" -> {
                if ("RESERVED".equals(reservation)) {
                    found.add(missedUnlessConsumed("CANCELLED_STILL_RESERVED", orderNo, state, "inventory-consumer",
                            "OrderCancelled", updated));
                } else if ("CONFIRMED".equals(reservation)) {
                    found.add(Discrepancy.forHuman("CANCELLED_BUT_SOLD", orderNo, state));
                }
                if (award != null) {
                    found.add(Discrepancy.forHuman("CANCELLED_WITH_POINTS", orderNo, state));
                }
            }
            case "RESERVED" -> {
                if (!"RESERVED".equals(reservation)) {
                    found.add(Discrepancy.forHuman("RESERVED_MISMATCH", orderNo, state));
                }
                if (award != null) {
                    found.add(Discrepancy.forHuman("UNPAID_WITH_POINTS", orderNo, state));
                }
            }
            case "PENDING" -> {
                if (created.isBefore(now.minus(options.stuckAfter()))) {
                    // No ledger entry: inventory never consumed OrderCreated. One exists: the answer never arrived.
                    found.add(reservation == null
                            ? missedUnlessConsumed("STUCK_PENDING", orderNo, state + ", placed " + created,
                                    "inventory-consumer", "OrderCreated", created)
                            : answerNotConsumed(orderNo, state + ", placed " + created, created));
                }
            }
            default -> found.add(Discrepancy.forHuman("UNKNOWN_STATUS", orderNo, state));
        }
    }

    /**
     * Inventory decided on a PENDING order but order-producer never applied the answer. If the answer is still in
     * inventory's outbox (not sent: PENDING, or DEAD after its attempts), it never reached the topic, and a replay of
     * order-producer would not find it: the row is named for {@code scripts/outbox.sh requeue}. Otherwise
     * order-producer missed a message that is in the topic, and a replay fixes it.
     */
    private Discrepancy answerNotConsumed(String orderNo, String state, Instant placed) throws SQLException {
        try (PreparedStatement query = inventory.prepareStatement("SELECT id, event_type, status FROM outbox "
                + "WHERE order_no = ? AND status <> 'SENT' ORDER BY id LIMIT 1")) {
            query.setString(1, orderNo);
            try (ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    return Discrepancy.forHuman("STUCK_PENDING", orderNo, state + "; inventory's answer "
                            + rows.getString(2) + " is still in its outbox, row " + rows.getLong(1) + " "
                            + rows.getString(3) + ", never sent: a replay cannot bring it (scripts/outbox.sh requeue "
                            + rows.getLong(1) + " when DEAD)");
                }
            }
        }
        return missed("STUCK_PENDING", orderNo, state, "order-producer", placed);
    }

    /**
     * A missed consumption that replay fixes, unless the group's inbox already has the order's committed event:
     * then the event was consumed but its effect is gone (e.g. a partly restored backup), replay would skip it
     * as a duplicate, and a human must look.
     */
    private Discrepancy missedUnlessConsumed(String kind, String orderNo, String state, String group, String eventType,
                                             Instant happened) throws SQLException {
        if (happened.isBefore(inboxHorizon)) {
            // Neither the inbox nor the commit's confirmation can be judged that far back: see missed().
            return missed(kind, orderNo, state, group, happened);
        }
        String eventId = null;
        boolean confirmed = true;
        try (PreparedStatement query = orders.prepareStatement("SELECT tx_id, commit_confirmed_at IS NOT NULL "
                + "FROM tx_state WHERE order_no = ? AND event_type = ? AND state = 'COMMITTED' ORDER BY created_at "
                + "LIMIT 1")) {
            query.setString(1, orderNo);
            query.setString(2, eventType);
            try (ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    eventId = rows.getString(1);
                    confirmed = rows.getBoolean(2);
                }
            }
        }
        Connection consumerDb = group.equals("points-consumer") ? points : inventory;
        if (eventId != null && seen(consumerDb, group, Set.of(eventId)).contains(eventId)) {
            return Discrepancy.forHuman(kind, orderNo, state + "; " + eventType + " " + eventId + " is in the " + group
                    + " inbox but its effect is missing: replay would skip it as a duplicate");
        }
        if (eventId != null && !confirmed) {
            return Discrepancy.neverReachedTopic(kind, orderNo, state + "; " + eventType + " " + eventId
                    + " " + NEVER_REACHED, eventId);
        }
        return missed(kind, orderNo, state, group, happened);
    }

    /**
     * Ledger entries whose order does not exist in order_db: what a wrong COMMIT (or a message published by hand)
     * leaves behind. A RESERVED reservation holds its stock for ever, a CONFIRMED one sold it, a points entry awarded
     * points, all for nothing; no other check looks from the ledgers back to the orders.
     */
    private void checkOrphans(ReconcileOptions options, List<Discrepancy> found) throws SQLException {
        Timestamp since = ts(options.since().minusSeconds(60));
        Map<String, String> reservations = map(inventory, "SELECT order_no, status FROM reservation "
                + "WHERE status IN ('RESERVED', 'CONFIRMED') AND created_at >= ?", since);
        Map<String, String> awards = map(points, "SELECT order_no, CAST(delta AS CHAR) FROM points_ledger "
                + "WHERE reason = 'ORDER_PAID' AND created_at >= ?", since);
        Set<String> referenced = new HashSet<>(reservations.keySet());
        referenced.addAll(awards.keySet());
        Set<String> existing = existingOrders(referenced);
        new java.util.TreeMap<>(reservations).forEach((orderNo, status) -> {
            if (!existing.contains(orderNo)) {
                found.add(Discrepancy.forHuman("ORPHAN_RESERVATION", orderNo, "reservation " + status
                        + " in inventory_db, but order_db has no such order"
                        + (status.equals("RESERVED") ? ": its stock stays held" : ": its stock was sold")));
            }
        });
        new java.util.TreeMap<>(awards).forEach((orderNo, delta) -> {
            if (!existing.contains(orderNo)) {
                found.add(Discrepancy.forHuman("ORPHAN_POINTS", orderNo, delta
                        + " points awarded in points_ledger, but order_db has no such order"));
            }
        });
    }

    private Set<String> existingOrders(Set<String> orderNos) throws SQLException {
        return present(orders, "SELECT order_no FROM orders WHERE order_no IN (%s)", List.of(), orderNos);
    }

    /**
     * Stock against the ledger, all three reads from one REPEATABLE READ snapshot of inventory_db. Read in three
     * autocommit statements, a confirmation committed between them (its reservation RESERVED to CONFIRMED, the
     * stock's units reserved to sold, in one transaction) made a healthy SKU look unbalanced and paged a human.
     */
    private int checkStock(List<Discrepancy> found) throws SQLException {
        return inOneSnapshot(inventory, () -> compareStockWithLedger(found));
    }

    private int compareStockWithLedger(List<Discrepancy> found) throws SQLException {
        Map<String, Long> reservedByLedger = sums("RESERVED");
        Map<String, Long> soldByLedger = sums("CONFIRMED");
        int skus = 0;
        try (PreparedStatement query = inventory.prepareStatement("SELECT sku, available, reserved, sold, stocked FROM stock");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                skus++;
                String sku = rows.getString(1);
                long available = rows.getLong(2);
                long reserved = rows.getLong(3);
                long sold = rows.getLong(4);
                long stocked = rows.getLong(5);
                String figures = "available " + available + ", reserved " + reserved + ", sold " + sold + ", stocked " + stocked;
                if (available < 0 || reserved < 0 || sold < 0 || available + reserved + sold != stocked) {
                    found.add(Discrepancy.forHuman("STOCK_UNBALANCED", sku, figures));
                }
                if (reserved != reservedByLedger.getOrDefault(sku, 0L) || sold != soldByLedger.getOrDefault(sku, 0L)) {
                    found.add(Discrepancy.forHuman("STOCK_VS_LEDGER", sku, figures + "; ledger reserved "
                            + reservedByLedger.getOrDefault(sku, 0L) + ", sold " + soldByLedger.getOrDefault(sku, 0L)));
                }
            }
        }
        return skus;
    }

    /** A read that may throw what JDBC throws. */
    private interface Read<T> {
        T read() throws SQLException;
    }

    /**
     * Runs {@code read} in one read-only transaction at REPEATABLE READ, so that all its statements see the database
     * as of the first one (InnoDB's consistent snapshot), then puts the connection back to autocommit.
     */
    private static <T> T inOneSnapshot(Connection db, Read<T> read) throws SQLException {
        int isolation = db.getTransactionIsolation();
        boolean autoCommit = db.getAutoCommit();
        Exception failure = null;
        try {
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            db.setAutoCommit(false);
            return read.read();
        } catch (SQLException | RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            try {
                if (!db.getAutoCommit()) {
                    db.rollback(); // it only read: nothing to keep
                }
                db.setAutoCommit(autoCommit);
                db.setTransactionIsolation(isolation);
            } catch (SQLException restoring) {
                if (failure == null) {
                    throw restoring;
                }
                failure.addSuppressed(restoring);
            }
        }
    }

    private Map<String, Long> sums(String status) throws SQLException {
        Map<String, Long> sums = new HashMap<>();
        try (PreparedStatement query = inventory.prepareStatement("SELECT l.sku, SUM(l.quantity) FROM reservation_line l "
                + "JOIN reservation r ON r.order_no = l.order_no WHERE r.status = ? GROUP BY l.sku")) {
            query.setString(1, status);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    sums.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return sums;
    }

    private void checkOutbox(Instant now, List<Discrepancy> found) throws SQLException {
        try (PreparedStatement query = inventory.prepareStatement("SELECT id, event_type, order_no, status, attempts, "
                + "last_error FROM outbox WHERE status = 'DEAD' OR (status = 'PENDING' AND created_at < ?)")) {
            query.setTimestamp(1, ts(now.minus(OUTBOX_PENDING_LIMIT)));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(Discrepancy.forHuman("OUTBOX_" + rows.getString(4), "outbox " + rows.getLong(1),
                            rows.getString(2) + " for order " + rows.getString(3) + " after " + rows.getInt(5)
                                    + " attempts: " + rows.getString(6)));
                }
            }
        }
    }

    private void checkDeadLetters(List<Discrepancy> found) throws SQLException {
        for (Connection db : List.of(orders, inventory, points)) {
            try (PreparedStatement query = db.prepareStatement("SELECT id, consumer_group, topic, message_keys, reason "
                    + "FROM dead_letter WHERE status = 'NEW'"); ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(Discrepancy.forHuman("DEAD_LETTER", rows.getString(2) + " #" + rows.getLong(1),
                            rows.getString(3) + " keys " + rows.getString(4) + ": " + rows.getString(5)));
                }
            }
        }
    }

    /**
     * Committed publishes older than the check window whose event a consumer never recorded: a missed consumption
     * (replay) if the event reached its topic, or an event that never reached it (republish) if neither its commit
     * nor a check-back answer was confirmed and order-producer has not republished it yet.
     */
    private int checkUndeliveredTransactions(ReconcileOptions options, Instant now, List<Discrepancy> found)
            throws SQLException {
        Map<String, String[]> committed = new HashMap<>();
        Map<String, Instant> committedAt = new HashMap<>();
        Set<String> unconfirmed = new HashSet<>();
        Map<String, Instant> republishedAt = new HashMap<>();
        try (PreparedStatement query = orders.prepareStatement("SELECT tx_id, order_no, event_type, created_at, "
                + "commit_confirmed_at IS NULL, republished_at FROM tx_state "
                + "WHERE state = 'COMMITTED' AND created_at >= ? AND created_at < ?")) {
            query.setTimestamp(1, ts(options.since()));
            query.setTimestamp(2, ts(now.minus(CHECK_WINDOW)));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String txId = rows.getString(1);
                    committed.put(txId, new String[] {rows.getString(2), rows.getString(3)});
                    committedAt.put(txId, rows.getTimestamp(4).toInstant());
                    if (rows.getBoolean(5)) {
                        unconfirmed.add(txId);
                    }
                    Timestamp republished = rows.getTimestamp(6);
                    if (republished != null) {
                        republishedAt.put(txId, republished.toInstant());
                    }
                }
            }
        }
        Set<String> seenByInventory = seen(inventory, "inventory-consumer", committed.keySet());
        Set<String> seenByPoints = seen(points, "points-consumer", committed.keySet());
        committed.forEach((eventId, row) -> {
            if (committedAt.get(eventId).isBefore(inboxHorizon)) {
                // Before the inbox horizon a missing inbox row says nothing (the purge may have taken it). A commit
                // never confirmed that long is one order-producer's recovery could not republish: for a human.
                if (unconfirmed.contains(eventId)) {
                    found.add(Discrepancy.forHuman("NEVER_REACHED_TOPIC", row[0], row[1] + " eventId " + eventId
                            + " committed " + committedAt.get(eventId) + " and never confirmed, older than the inbox "
                            + "retention: order-producer's recovery did not republish it (its log says why)"));
                }
                return;
            }
            boolean inventorySaw = seenByInventory.contains(eventId);
            boolean pointsSaw = seenByPoints.contains(eventId);
            boolean missing = "OrderPaid".equals(row[1]) ? !inventorySaw || !pointsSaw : !inventorySaw;
            if (!missing) {
                return;
            }
            String group = inventorySaw ? "points-consumer" : "inventory-consumer";
            if (unconfirmed.contains(eventId) && !inventorySaw && !pointsSaw) {
                found.add(Discrepancy.neverReachedTopic("NEVER_REACHED_TOPIC", row[0], row[1] + " eventId " + eventId
                        + " " + NEVER_REACHED, eventId));
            } else {
                String republished = republishedAt.containsKey(eventId)
                        ? " (republished after a discard at " + republishedAt.get(eventId) + ")" : "";
                found.add(missed("UNDELIVERED_EVENT", row[0], row[1] + " eventId " + eventId
                        + " committed but not consumed by " + group + republished, group, committedAt.get(eventId)));
            }
        });
        return committed.size();
    }

    /**
     * A missed consumption of {@code group}, fixed by a replay from before {@code replayFrom}; for a human when that
     * is before the inbox horizon: the inbox rows of what the replay re-delivers may be purged, so it would apply
     * those events again.
     */
    private Discrepancy missed(String kind, String subject, String detail, String group, Instant replayFrom) {
        if (replayFrom.isBefore(inboxHorizon)) {
            return Discrepancy.forHuman(kind, subject, detail + "; older than the inbox retention, so " + group
                    + " cannot be replayed from there (it would apply again events its purged inbox rows no longer "
                    + "guard)");
        }
        return Discrepancy.missed(kind, subject, detail, group, replayFrom);
    }

    private static Set<String> seen(Connection db, String group, Set<String> eventIds) throws SQLException {
        return present(db, "SELECT event_id FROM inbox WHERE consumer_group = ? AND event_id IN (%s)", List.of(group),
                eventIds);
    }

    /**
     * Which of {@code values} the query finds, asked 500 at a time: {@code sql} has one {@code %s} for the IN list,
     * after the parameters {@code leading}.
     */
    private static Set<String> present(Connection db, String sql, List<String> leading, Set<String> values)
            throws SQLException {
        Set<String> found = new HashSet<>();
        List<String> all = new ArrayList<>(values);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(from + 500, all.size()));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement query = db.prepareStatement(sql.formatted(marks))) {
                int index = 1;
                for (String value : leading) {
                    query.setString(index++, value);
                }
                for (String value : chunk) {
                    query.setString(index++, value);
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
            }
        }
        return found;
    }

    private void checkBalances(List<Discrepancy> found) throws SQLException {
        try (PreparedStatement query = points.prepareStatement("SELECT a.user_id, a.balance, COALESCE(SUM(l.delta), 0) "
                + "FROM points_account a LEFT JOIN points_ledger l ON l.user_id = a.user_id GROUP BY a.user_id, a.balance "
                + "HAVING a.balance <> COALESCE(SUM(l.delta), 0)"); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                found.add(Discrepancy.forHuman("BALANCE_VS_LEDGER", "user " + rows.getLong(1), "balance " + rows.getLong(2)
                        + ", ledger sum " + rows.getLong(3)));
            }
        }
    }

    private static Map<String, String> map(Connection db, String sql, Timestamp since) throws SQLException {
        Map<String, String> map = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setTimestamp(1, since);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    map.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return map;
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
