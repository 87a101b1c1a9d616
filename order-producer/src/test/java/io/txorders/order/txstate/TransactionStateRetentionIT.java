package io.txorders.order.txstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txorders.order.support.OrderProducerIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import io.txorders.messaging.publish.TransactionStateRepository;
import io.txorders.messaging.publish.TransactionStateRetention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TransactionStateRetentionIT extends OrderProducerIntegrationTest {

    @Autowired
    TransactionStateRetention retention;

    @Autowired
    TransactionStateRepository states;

    @Test
    void rowsOlderThanTheRetentionArePurgedAndYoungerOnesKept() {
        String old = UUID.randomUUID().toString();
        String young = UUID.randomUUID().toString();
        insert(old, Instant.now().minus(Duration.ofDays(8)));
        insert(young, Instant.now().minus(Duration.ofDays(6)));

        int purged = retention.purgeNow();

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tx_state WHERE tx_id IN (?, ?)", Integer.class, old, young))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tx_state WHERE tx_id = ?", Integer.class, young)).isEqualTo(1);
    }

    /**
     * A week-old committed publish that was never confirmed nor republished (its republish kept failing, with
     * TxordersRepublishStuck paging) keeps its row: the row holds the only copy of the event. Its recovery claim is
     * set far ahead so that this context's recovery leaves the test's row alone.
     */
    @Test
    void aCommittedPublishStillWaitingForItsRepublishIsKeptPastTheRetention() {
        String waiting = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO tx_state (tx_id, state, check_count, message_body, recovery_claimed_until, created_at) "
                + "VALUES (?, 'COMMITTED', 0, ?, ?, ?)", waiting, "{}".getBytes(StandardCharsets.UTF_8),
                Timestamp.from(Instant.now().plus(Duration.ofDays(1))),
                Timestamp.from(Instant.now().minus(Duration.ofDays(8))));
        try {
            retention.purgeNow();

            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tx_state WHERE tx_id = ?", Integer.class, waiting))
                    .isEqualTo(1);
        } finally {
            jdbc.update("DELETE FROM tx_state WHERE tx_id = ?", waiting);
        }
    }

    @Test
    void aRetentionShorterThanAnHourIsRefused() {
        assertThatThrownBy(() -> new TransactionStateRetention(states, Duration.ofMinutes(5), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void insert(String txId, Instant createdAt) {
        jdbc.update("INSERT INTO tx_state (tx_id, state, check_count, created_at) VALUES (?, 'COMMITTED', 0, ?)",
                txId, Timestamp.from(createdAt));
    }
}
