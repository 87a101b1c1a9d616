package io.txorders.messaging.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dead-letter path of a service: its {@code dead_letter} table, the {@code txorders.dlq.messages{group}}
 * counter and an ERROR log line with the order number, event id and message id. A message lands here when retrying
 * cannot help (an unreadable body), so it never blocks or loops, and when it exhausted the broker's redeliveries
 * (captured from the group's {@code %DLQ%} topic). {@link DeadLetterResubmission} sends one back through the
 * group's consumer.
 */
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final String CAPTURE_FAILURES = "txorders.dlq.capture.failures";

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final Clock clock;

    public DeadLetters(JdbcTemplate jdbc, MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
    }

    /** Records a dead letter once per (group, message id); a repeated record is ignored. */
    public void record(String group, InboundMessage message, String reason) {
        String shortReason = reason.length() > 500 ? reason.substring(0, 500) : reason;
        try {
            jdbc.update("INSERT INTO dead_letter (consumer_group, topic, message_id, tag, message_keys, body, reason, "
                            + "status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'NEW', ?)",
                    group, message.topic(), message.messageId(), message.tag(), String.join(",", message.keys()),
                    message.body(), shortReason, Timestamp.from(clock.instant()));
        } catch (DuplicateKeyException alreadyRecorded) {
            return;
        }
        meters.counter("txorders.dlq.messages", "group", group).increment();
        log.error("dead letter group={} topic={} orderNo={} eventId={} messageId={} tag={} reason={}", group,
                message.topic(), message.orderNoKey(), message.eventIdKey(), message.messageId(), message.tag(),
                shortReason);
    }

    /**
     * Shows {@code group}'s dead-letter counter from now on, at 0 until its first dead letter: a series that first
     * appears at 1 has no increase an alert could see, so the first dead letter after a start would page nobody.
     */
    public void countFor(String group) {
        meters.counter("txorders.dlq.messages", "group", group);
        meters.counter(CAPTURE_FAILURES, "group", group);
    }

    /**
     * A message the broker moved to {@code group}'s {@code %DLQ%} topic could not be recorded (the database is down,
     * or refuses the row): counted in {@code txorders.dlq.capture.failures{group}} and logged at ERROR. The capture
     * consumer is redelivered it; should every redelivery fail, the message ends in the capture group's own
     * {@code %DLQ%} topic, where nothing reads it, so this counter is what shows it (alert
     * {@code TxordersDeadLetterCaptureFailing}).
     */
    public void captureFailed(String group, InboundMessage message, RuntimeException failure) {
        meters.counter(CAPTURE_FAILURES, "group", group).increment();
        log.error("dead letter not recorded, the broker will deliver it again group={} topic={} orderNo={} eventId={} "
                        + "messageId={} attempt={}: {}", group, message.topic(), message.orderNoKey(),
                message.eventIdKey(), message.messageId(), message.deliveryAttempt(), failure.toString());
    }

    /** A recorded dead letter. {@code status}: NEW, or RESUBMITTED once it went through its consumer again. */
    public record DeadLetter(long id, String group, String topic, String messageId, String tag, List<String> keys,
                             byte[] body, String reason, String status, Instant createdAt, Instant resubmittedAt) {

        /** The message as its consumer receives it. */
        public InboundMessage toInbound() {
            return new InboundMessage(topic, messageId, tag, keys, body, 1);
        }
    }

    /** @return the newest dead letters first, at most {@code limit}, optionally only those with {@code status} */
    public List<DeadLetter> list(String status, int limit) {
        String where = status == null ? "" : " WHERE status = ?";
        Object[] args = status == null ? new Object[] {limit} : new Object[] {status, limit};
        return jdbc.query(SELECT + where + " ORDER BY id DESC LIMIT ?", (row, n) -> map(row), args);
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.query(SELECT + " WHERE id = ?", (row, n) -> map(row), id).stream().findFirst();
    }

    /** Marks a dead letter resubmitted; {@code false} if it was not NEW (resubmitted concurrently). */
    boolean markResubmitted(long id) {
        return jdbc.update("UPDATE dead_letter SET status = 'RESUBMITTED', resubmitted_at = ? WHERE id = ? "
                + "AND status = 'NEW'", Timestamp.from(clock.instant()), id) == 1;
    }

    private static final String SELECT = "SELECT id, consumer_group, topic, message_id, tag, message_keys, body, "
            + "reason, status, created_at, resubmitted_at FROM dead_letter";

    private static DeadLetter map(java.sql.ResultSet row) throws java.sql.SQLException {
        String keys = row.getString("message_keys");
        Timestamp resubmitted = row.getTimestamp("resubmitted_at");
        return new DeadLetter(row.getLong("id"), row.getString("consumer_group"), row.getString("topic"),
                row.getString("message_id"), row.getString("tag"),
                keys == null || keys.isEmpty() ? List.of() : Arrays.asList(keys.split(",")), row.getBytes("body"),
                row.getString("reason"), row.getString("status"), row.getTimestamp("created_at").toInstant(),
                resubmitted == null ? null : resubmitted.toInstant());
    }
}
