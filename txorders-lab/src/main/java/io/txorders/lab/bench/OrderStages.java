package io.txorders.lab.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Where the time from placement to RESERVED goes, hop by hop, read from the timestamps the services store anyway (no
 * tracing backend needed). Each order's hops are the differences between consecutive marks:
 * <ol>
 *   <li>{@link Mark#PLACED}: {@code orders.created_at}, the service's clock when placement began;
 *   <li>{@link Mark#HALF_SENT}: {@code tx_state.created_at} of its OrderCreated, written in the local transaction right
 *       after the broker stored the half message;
 *   <li>{@link Mark#RESERVING}: {@code reservation.created_at} in inventory_db, when inventory handled the event
 *       (the local commit, the commit to the broker, the delivery and the wait for a receiver lie before it);
 *   <li>{@link Mark#ANSWER_SENT}: {@code outbox.sent_at} of the StockReserved row, when the relay marked it sent (the
 *       broker had it before that, by the length of the mark's statement);
 *   <li>{@link Mark#ANSWER_RECEIVED}: order-producer's {@code inbox.received_at} of that event;
 *   <li>{@link Mark#RESERVED}: {@code orders.updated_at}, when the order became RESERVED.
 * </ol>
 * The services and the database share one machine and one clock here, so the differences are meaningful to the
 * database's millisecond. An order missing a mark (not reserved yet, rejected) is left out of every hop.
 */
final class OrderStages {

    /** A moment in an order's way to RESERVED. */
    enum Mark { PLACED, HALF_SENT, RESERVING, ANSWER_SENT, ANSWER_RECEIVED, RESERVED }

    /** Opens a connection to one of the platform's databases. */
    interface Databases {
        Connection open(String database) throws SQLException;
    }

    private static final List<String> HOPS = List.of("placed_to_half_sent", "half_sent_to_reserving",
            "reserving_to_answer_sent", "answer_sent_to_received", "received_to_reserved");

    private OrderStages() {
    }

    /** Reads the marks of these orders from order_db and inventory_db. */
    static Map<String, Map<Mark, Instant>> read(Databases databases, Collection<String> orderNumbers)
            throws SQLException {
        Map<String, Map<Mark, Instant>> marks = new HashMap<>();
        Map<String, String> answerEventOf = new HashMap<>();
        List<String> orders = List.copyOf(orderNumbers);
        try (Connection db = databases.open("order_db")) {
            forChunks(db, orders, "SELECT o.order_no, " + micros("o.created_at") + ", " + micros("t.created_at") + ", "
                    + micros("o.updated_at") + ", o.status FROM orders o LEFT JOIN tx_state t ON t.order_no = o.order_no"
                    + " AND t.event_type = 'OrderCreated' WHERE o.order_no IN (%s)", rows -> {
                Map<Mark, Instant> of = marks.computeIfAbsent(rows.getString(1), order -> new EnumMap<>(Mark.class));
                put(of, Mark.PLACED, rows, 2);
                put(of, Mark.HALF_SENT, rows, 3);
                if ("RESERVED".equals(rows.getString(5))) {
                    put(of, Mark.RESERVED, rows, 4);
                }
            });
        }
        try (Connection db = databases.open("inventory_db")) {
            forChunks(db, orders, "SELECT r.order_no, " + micros("r.created_at") + ", " + micros("b.sent_at")
                    + ", b.event_id FROM reservation r JOIN outbox b ON b.order_no = r.order_no"
                    + " AND b.event_type = 'StockReserved' WHERE r.order_no IN (%s)", rows -> {
                Map<Mark, Instant> of = marks.computeIfAbsent(rows.getString(1), order -> new EnumMap<>(Mark.class));
                put(of, Mark.RESERVING, rows, 2);
                put(of, Mark.ANSWER_SENT, rows, 3);
                answerEventOf.put(rows.getString(4), rows.getString(1));
            });
        }
        try (Connection db = databases.open("order_db")) {
            forChunks(db, List.copyOf(answerEventOf.keySet()), "SELECT event_id, " + micros("received_at")
                    + " FROM inbox WHERE event_id IN (%s)", rows -> {
                Map<Mark, Instant> of = marks.get(answerEventOf.get(rows.getString(1)));
                if (of != null) {
                    put(of, Mark.ANSWER_RECEIVED, rows, 2);
                }
            });
        }
        return marks;
    }

    /**
     * The histograms of each hop (microseconds) over the orders that have every mark. A negative hop (two clocks'
     * milliseconds rounding apart) counts as 0.
     */
    static Map<String, Histogram> hops(Map<String, Map<Mark, Instant>> marks) {
        Map<String, Histogram> hops = new LinkedHashMap<>();
        HOPS.forEach(hop -> hops.put(hop, LatencySummary.histogram()));
        Mark[] order = Mark.values();
        for (Map<Mark, Instant> of : marks.values()) {
            if (of.size() < order.length) {
                continue;
            }
            for (int i = 1; i < order.length; i++) {
                long nanos = ChronoUnit.NANOS.between(of.get(order[i - 1]), of.get(order[i]));
                hops.get(HOPS.get(i - 1)).recordValue(LatencySummary.micros(nanos));
            }
        }
        return hops;
    }

    /** The hops' figures for result.json ({@link LatencySummary#figures}). */
    static Map<String, Object> figures(Map<String, Histogram> hops) {
        Map<String, Object> figures = new LinkedHashMap<>();
        hops.forEach((hop, histogram) -> figures.put(hop, LatencySummary.figures(histogram)));
        return figures;
    }

    /** Reads one row of a query. */
    interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    /**
     * Runs {@code sql} (with {@code %s} where the placeholders of its {@code IN} list go) for the keys 500 at a time.
     */
    static void forChunks(Connection db, List<String> keys, String sql, RowReader reader) throws SQLException {
        for (int from = 0; from < keys.size(); from += 500) {
            List<String> chunk = keys.subList(from, Math.min(from + 500, keys.size()));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement query = db.prepareStatement(sql.formatted(marks))) {
                for (int i = 0; i < chunk.size(); i++) {
                    query.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        reader.read(rows);
                    }
                }
            }
        }
    }

    /** A DATETIME column as microseconds since the epoch, computed by the database: no driver time-zone conversion. */
    static String micros(String column) {
        return "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', " + column + ")";
    }

    private static void put(Map<Mark, Instant> of, Mark mark, ResultSet rows, int column) throws SQLException {
        long micros = rows.getLong(column);
        if (!rows.wasNull()) {
            of.put(mark, Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
        }
    }
}
