package io.txorders.messaging.inbox;

import io.txorders.messaging.contract.Event;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The idempotent-consumer check: one {@code inbox} row per {@code (consumer_group, event_id)}, inserted in
 * the same database transaction as the effect. The primary key makes the second attempt fail, whatever
 * delivered it (broker redelivery, replay, a repair tool's resend), so an effect is applied at most once.
 */
public class InboxGuard {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public InboxGuard(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records that {@code group} is applying {@code event}.
     *
     * @return {@code true} the first time; {@code false} if it was recorded before (a duplicate)
     * @throws IllegalStateException if no transaction is active: the row must commit or roll back with the effect
     */
    public boolean record(String group, Event event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the inbox row must be written in the effect's transaction");
        }
        try {
            jdbc.update("INSERT INTO inbox (consumer_group, event_id, event_type, received_at) VALUES (?, ?, ?, ?)",
                    group, event.eventId().toString(), event.type().name(), Timestamp.from(clock.instant()));
            return true;
        } catch (DuplicateKeyException alreadyApplied) {
            return false;
        }
    }

    /**
     * Records that {@code group} is applying these events, in two statements whatever their number (a read of those
     * already recorded, one multi-row insert of the rest) instead of one insert per event.
     *
     * @return the ids recorded now, i.e. seen for the first time; an id given twice counts once
     * @throws IllegalStateException if no transaction is active
     * @throws DuplicateKeyException if another transaction recorded one of them meanwhile: the caller's transaction
     *         must roll back (the batched consumer then consumes its messages one by one, where {@link #record}
     *         tells each duplicate)
     */
    public Set<UUID> recordAll(String group, List<? extends Event> events) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the inbox rows must be written in the effect's transaction");
        }
        Map<UUID, Event> byId = new LinkedHashMap<>();
        events.forEach(event -> byId.putIfAbsent(event.eventId(), event));
        if (byId.isEmpty()) {
            return Set.of();
        }
        String marks = String.join(",", Collections.nCopies(byId.size(), "?"));
        List<Object> ids = new ArrayList<>(byId.size() + 1);
        ids.add(group);
        byId.keySet().forEach(id -> ids.add(id.toString()));
        jdbc.queryForList("SELECT event_id FROM inbox WHERE consumer_group = ? AND event_id IN (" + marks + ")",
                String.class, ids.toArray()).forEach(recorded -> byId.remove(UUID.fromString(recorded)));
        if (byId.isEmpty()) {
            return Set.of();
        }
        Timestamp now = Timestamp.from(clock.instant());
        List<Object> values = new ArrayList<>(byId.size() * 4);
        byId.values().forEach(event -> values.addAll(List.of(group, event.eventId().toString(), event.type().name(),
                now)));
        jdbc.update("INSERT INTO inbox (consumer_group, event_id, event_type, received_at) VALUES "
                + String.join(",", Collections.nCopies(byId.size(), "(?, ?, ?, ?)")), values.toArray());
        return new LinkedHashSet<>(byId.keySet());
    }

    /**
     * Whether the inbox has the event, by a plain read. A hint to skip work early; only {@link #record} decides.
     */
    public boolean seen(String group, UUID eventId) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE consumer_group = ? AND event_id = ?",
                Integer.class, group, eventId.toString());
        return count != null && count > 0;
    }

    /** Deletes at most {@code limit} rows received before {@code cutoff}; returns how many. */
    public int purgeReceivedBefore(java.time.Instant cutoff, int limit) {
        return jdbc.update("DELETE FROM inbox WHERE received_at < ? ORDER BY received_at LIMIT ?",
                Timestamp.from(cutoff), limit);
    }
}
