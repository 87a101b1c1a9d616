package io.txorders.messaging.publish;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The {@code tx_state} table through plain JDBC, so a service needs no persistence framework of its own to publish
 * transactionally. Times are written and read as UTC instants (the connection settings of
 * {@code io.txorders.messaging.database.UtcConnections} or the services' {@code data-source-properties}).
 */
public class JdbcTransactionStateRepository implements TransactionStateRepository {

    private static final String COMMITTED_COLUMNS = "tx_id, order_no, event_type, message_body, created_at, "
            + "check_count, recovery_attempts, commit_confirmed_at, republished_at";

    private final JdbcTemplate jdbc;
    /** Expands the id list of the confirmations' IN clause. */
    private final NamedParameterJdbcTemplate named;

    public JdbcTransactionStateRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    @Override
    public void insertCommitted(UUID txId, String orderNo, String eventType, byte[] messageBody, Instant now) {
        jdbc.update("INSERT INTO tx_state (tx_id, order_no, event_type, state, check_count, message_body, created_at) "
                + "VALUES (?, ?, ?, 'COMMITTED', 0, ?, ?)", txId.toString(), orderNo, eventType, messageBody,
                Timestamp.from(now));
    }

    @Override
    public Optional<TransactionState> recordCheckAndRead(UUID txId, String orderNo, String eventType, Instant now) {
        // Two autocommit statements (no Spring transaction is active on the check-back thread). The tombstone lands
        // only if no row exists; if a local transaction holds the row uncommitted, the insert waits for it and then
        // counts a check on the committed row instead. The read that follows sees the latest committed row.
        Timestamp at = Timestamp.from(now);
        jdbc.update("INSERT INTO tx_state (tx_id, order_no, event_type, state, check_count, last_checked_at, "
                + "created_at) VALUES (?, ?, ?, 'ROLLED_BACK', 1, ?, ?) "
                + "ON DUPLICATE KEY UPDATE check_count = check_count + 1, last_checked_at = ?",
                txId.toString(), orderNo, eventType, at, at, at);
        return state(txId).map(TransactionState::valueOf);
    }

    @Override
    public int confirmCommits(Collection<UUID> txIds, Instant now) {
        if (txIds.isEmpty()) {
            return 0;
        }
        return named.update("UPDATE tx_state SET commit_confirmed_at = :now WHERE commit_confirmed_at IS NULL "
                + "AND state = 'COMMITTED' AND tx_id IN (:ids)",
                Map.of("now", Timestamp.from(now), "ids", txIds.stream().map(UUID::toString).toList()));
    }

    @Override
    public List<CommittedPublish> findUnconfirmedBefore(Instant cutoff, Instant now, int limit) {
        // idx_tx_state_unconfirmed: the NULL prefix holds only the few rows whose commit was never confirmed.
        return jdbc.query("SELECT " + COMMITTED_COLUMNS + " FROM tx_state WHERE commit_confirmed_at IS NULL "
                + "AND created_at < ? AND state = 'COMMITTED' "
                + "AND (recovery_claimed_until IS NULL OR recovery_claimed_until < ?) ORDER BY created_at LIMIT ?",
                JdbcTransactionStateRepository::committedPublish, Timestamp.from(cutoff), Timestamp.from(now), limit);
    }

    @Override
    public Optional<CommittedPublish> findCommitted(UUID txId) {
        return jdbc.query("SELECT " + COMMITTED_COLUMNS + " FROM tx_state WHERE tx_id = ? AND state = 'COMMITTED'",
                JdbcTransactionStateRepository::committedPublish, txId.toString()).stream().findFirst();
    }

    @Override
    public boolean exists(UUID txId) {
        return state(txId).isPresent();
    }

    @Override
    public boolean claimRecovery(UUID txId, Instant now, Instant until, boolean unconfirmedOnly) {
        return jdbc.update("UPDATE tx_state SET recovery_claimed_until = ?, recovery_attempts = recovery_attempts + 1 "
                + "WHERE tx_id = ? AND state = 'COMMITTED' "
                + (unconfirmedOnly ? "AND commit_confirmed_at IS NULL " : "")
                + "AND (recovery_claimed_until IS NULL OR recovery_claimed_until < ?)",
                Timestamp.from(until), txId.toString(), Timestamp.from(now)) == 1;
    }

    @Override
    public void markRepublished(UUID txId, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.update("UPDATE tx_state SET republished_at = ?, commit_confirmed_at = COALESCE(commit_confirmed_at, ?), "
                + "recovery_claimed_until = NULL WHERE tx_id = ?", at, at, txId.toString());
    }

    @Override
    public int purgeCreatedBefore(Instant cutoff, int limit) {
        return jdbc.update("DELETE FROM tx_state WHERE created_at < ? AND NOT (state = 'COMMITTED' "
                + "AND commit_confirmed_at IS NULL AND message_body IS NOT NULL) ORDER BY created_at LIMIT ?",
                Timestamp.from(cutoff), limit);
    }

    private Optional<String> state(UUID txId) {
        return jdbc.queryForList("SELECT state FROM tx_state WHERE tx_id = ?", String.class, txId.toString()).stream()
                .findFirst();
    }

    private static CommittedPublish committedPublish(ResultSet rs, int row) throws SQLException {
        return new CommittedPublish(UUID.fromString(rs.getString("tx_id")), rs.getString("order_no"),
                rs.getString("event_type"), rs.getBytes("message_body"), instant(rs, "created_at"),
                rs.getInt("check_count"), rs.getInt("recovery_attempts"), instant(rs, "commit_confirmed_at"),
                instant(rs, "republished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
