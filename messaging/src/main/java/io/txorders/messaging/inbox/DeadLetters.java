package io.txorders.messaging.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dead-letter path of a service: its {@code dead_letter} table, the {@code txorders.dlq.messages{group}}
 * counter and an ERROR log line with the message and event ids. A message lands here when retrying cannot
 * help (an unreadable body), so it never blocks or loops.
 */
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

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
        log.error("dead letter group={} topic={} messageId={} keys={} tag={} reason={}", group, message.topic(),
                message.messageId(), message.keys(), message.tag(), shortReason);
    }
}
