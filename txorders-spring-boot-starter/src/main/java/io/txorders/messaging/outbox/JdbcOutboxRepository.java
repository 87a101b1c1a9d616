package io.txorders.messaging.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import io.txorders.messaging.tracing.MessageTracing;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code outbox} table through plain JDBC, so a service needs no persistence framework of its own for it. Times
 * are written and read as UTC instants (see {@code io.txorders.messaging.database.UtcConnections}).
 */
public class JdbcOutboxRepository implements OutboxRepository {

    private final JdbcTemplate jdbc;
    /** Expands the id lists of IN clauses. */
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate transactions;
    private final MessageTracing tracing;

    /**
     * @param transactions runs a claim's lock and update as one transaction
     * @param tracing gives the trace context stored with each row ({@link MessageTracing#NONE}: none)
     */
    public JdbcOutboxRepository(JdbcTemplate jdbc, TransactionTemplate transactions, MessageTracing tracing) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.transactions = transactions;
        this.tracing = tracing;
    }

    /** Stores the current trace context with the row: the relay sends later, from a thread of its own. */
    @Override
    public void insert(UUID eventId, String eventType, String orderNo, String payload, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.update("INSERT INTO outbox (event_id, event_type, order_no, payload, status, attempts, next_attempt_at, "
                + "created_at, trace_context) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)", eventId.toString(),
                eventType, orderNo, payload, at, at, tracing.current().encode());
    }

    /** One multi-row INSERT (a statement per 500 rows), so a batch of answers costs one round trip, not one each. */
    @Override
    public void insertAll(List<NewRow> entries, Instant now) {
        Timestamp at = Timestamp.from(now);
        String traceContext = tracing.current().encode();
        for (int from = 0; from < entries.size(); from += 500) {
            List<NewRow> chunk = entries.subList(from, Math.min(from + 500, entries.size()));
            List<Object> values = new ArrayList<>(chunk.size() * 7);
            chunk.forEach(row -> values.addAll(Arrays.asList(row.eventId().toString(), row.eventType(), row.orderNo(),
                    row.payload(), at, at, traceContext)));
            jdbc.update("INSERT INTO outbox (event_id, event_type, order_no, payload, status, attempts, next_attempt_at, "
                    + "created_at, trace_context) VALUES "
                    + String.join(",", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)")),
                    values.toArray());
        }
    }

    @Override
    public int claim(String token, Instant now, Instant until, int limit) {
        Integer claimed = transactions.execute(status -> {
            // SKIP LOCKED: a relay never waits on rows another relay is claiming or marking, so relays cannot
            // deadlock; rows already claimed under a live lease are not matched, so claims never overlap.
            Timestamp at = Timestamp.from(now);
            Map<Long, String> due = new LinkedHashMap<>();
            jdbc.query("SELECT id, order_no FROM outbox WHERE status = 'PENDING' AND next_attempt_at <= ? "
                    + "AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
                    (RowCallbackHandler) rs -> due.put(rs.getLong("id"), rs.getString("order_no")), at, at, limit);
            List<Long> ids = inIdOrderPerOrder(due);
            if (ids.isEmpty()) {
                return 0;
            }
            return named.update("UPDATE outbox SET claimed_by = :token, claimed_until = :until WHERE id IN (:ids)",
                    Map.of("token", token, "until", Timestamp.from(until), "ids", ids));
        });
        return claimed == null ? 0 : claimed;
    }

    /**
     * The due rows that may go out now: for each order, its PENDING rows from the lowest up to the first that is not
     * due here (backing off, claimed by another relay, or locked by one claiming it right now). The read of the
     * order's PENDING rows takes no lock: a row another relay is claiming reads as unclaimed and PENDING, so it holds
     * back what follows it either way.
     */
    private List<Long> inIdOrderPerOrder(Map<Long, String> due) {
        if (due.isEmpty()) {
            return List.of();
        }
        Set<String> orders = new HashSet<>();
        due.values().forEach(orderNo -> {
            if (orderNo != null) {
                orders.add(orderNo);
            }
        });
        Set<String> blocked = new HashSet<>();
        Set<Long> allowed = new HashSet<>();
        if (!orders.isEmpty()) {
            named.query("SELECT id, order_no FROM outbox WHERE order_no IN (:orders) AND status = 'PENDING' ORDER BY id",
                    Map.of("orders", orders), (RowCallbackHandler) rs -> {
                        String orderNo = rs.getString("order_no");
                        long id = rs.getLong("id");
                        if (blocked.contains(orderNo) || !due.containsKey(id)) {
                            blocked.add(orderNo);
                        } else {
                            allowed.add(id);
                        }
                    });
        }
        List<Long> ids = new ArrayList<>(due.size());
        due.forEach((id, orderNo) -> {
            if (orderNo == null || allowed.contains(id)) {
                ids.add(id);
            }
        });
        return ids;
    }

    @Override
    public List<OutboxEntry> findClaimed(String token) {
        return jdbc.query("SELECT id, event_id, event_type, order_no, payload, attempts, trace_context FROM outbox "
                + "WHERE claimed_by = ? AND status = 'PENDING' ORDER BY id",
                (rs, n) -> new OutboxEntry(rs.getLong("id"), UUID.fromString(rs.getString("event_id")),
                        rs.getString("event_type"), rs.getString("order_no"), rs.getString("payload"),
                        rs.getInt("attempts"), rs.getString("trace_context")), token);
    }

    @Override
    public int markSent(Collection<Long> ids, String token, Instant now) {
        if (ids.isEmpty()) {
            return 0;
        }
        return named.update("UPDATE outbox SET status = 'SENT', sent_at = :now, claimed_by = NULL, "
                + "claimed_until = NULL WHERE claimed_by = :token AND id IN (:ids)",
                Map.of("now", Timestamp.from(now), "token", token, "ids", ids));
    }

    @Override
    public void markFailed(long id, String token, int attempts, Instant nextAttemptAt, String error, boolean dead) {
        jdbc.update("UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = NULL, "
                + "claimed_until = NULL WHERE id = ? AND claimed_by = ?",
                (dead ? OutboxStatus.DEAD : OutboxStatus.PENDING).name(), attempts, Timestamp.from(nextAttemptAt),
                error, id, token);
    }

    @Override
    public void release(String token) {
        jdbc.update("UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? "
                + "AND status = 'PENDING'", token);
    }

    @Override
    public long countPending() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'", Long.class);
        return count == null ? 0 : count;
    }

    @Override
    public Optional<Instant> oldestPendingCreatedAt() {
        return Optional.ofNullable(jdbc.queryForObject("SELECT MIN(created_at) FROM outbox WHERE status = 'PENDING'",
                Timestamp.class)).map(Timestamp::toInstant);
    }

    @Override
    public List<OutboxRow> list(OutboxStatus status, int limit) {
        String columns = "SELECT id, event_id, event_type, order_no, status, attempts, last_error, created_at, "
                + "next_attempt_at FROM outbox ";
        return status == null
                ? jdbc.query(columns + "ORDER BY id LIMIT ?", JdbcOutboxRepository::row, limit)
                : jdbc.query(columns + "WHERE status = ? ORDER BY id LIMIT ?", JdbcOutboxRepository::row,
                        status.name(), limit);
    }

    @Override
    public Optional<OutboxStatus> statusOf(long id) {
        return jdbc.queryForList("SELECT status FROM outbox WHERE id = ?", String.class, id).stream().findFirst()
                .map(OutboxStatus::valueOf);
    }

    @Override
    public boolean requeueDead(long id, Instant now) {
        // Conditional on DEAD, so a row the relay is sending (PENDING, claimed) or has sent is never reset.
        return jdbc.update("UPDATE outbox SET status = 'PENDING', attempts = 0, next_attempt_at = ?, claimed_by = NULL, "
                + "claimed_until = NULL WHERE id = ? AND status = 'DEAD'", Timestamp.from(now), id) == 1;
    }

    @Override
    public int requeueAllDead(Instant now) {
        return jdbc.update("UPDATE outbox SET status = 'PENDING', attempts = 0, next_attempt_at = ?, claimed_by = NULL, "
                + "claimed_until = NULL WHERE status = 'DEAD'", Timestamp.from(now));
    }

    @Override
    public int purgeSentBefore(Instant cutoff, int limit) {
        return jdbc.update("DELETE FROM outbox WHERE status = 'SENT' AND sent_at < ? ORDER BY sent_at LIMIT ?",
                Timestamp.from(cutoff), limit);
    }

    private static OutboxRow row(ResultSet rs, int n) throws SQLException {
        Timestamp next = rs.getTimestamp("next_attempt_at");
        return new OutboxRow(rs.getLong("id"), UUID.fromString(rs.getString("event_id")), rs.getString("event_type"),
                rs.getString("order_no"), OutboxStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(),
                next == null ? null : next.toInstant());
    }
}
