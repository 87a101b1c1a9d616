package io.txorders.order.txstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.messaging.publish.TransactionStateRepository;
import io.txorders.order.support.OrderProducerIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two order-producer instances sweep the same unconfirmed publishes. One read a row, the other claimed, republished
 * and confirmed it and released its claim; the first then claimed the free row and published the event a second
 * time (and counted the broker's discard again). The sweep's claim now requires the row to be still unconfirmed.
 */
class RecoveryClaimIT extends OrderProducerIntegrationTest {

    @Autowired
    TransactionStateRepository states;

    @Test
    void aRowAnotherInstanceRepublishedMeanwhileIsNotClaimedBySweepButStillByTheOperator() {
        UUID txId = UUID.randomUUID();
        Instant now = Instant.now();
        jdbc.update("INSERT INTO tx_state (tx_id, state, check_count, message_body, created_at) "
                + "VALUES (?, 'COMMITTED', 0, ?, ?)", txId.toString(), "{}".getBytes(StandardCharsets.UTF_8),
                // Younger than this context's recovery.after (45 s): its own sweep leaves the row alone.
                Timestamp.from(now.minus(Duration.ofSeconds(30))));
        try {
            states.markRepublished(txId, now); // the other instance, done between this one's read and its claim

            assertThat(states.claimRecovery(txId, now, now.plus(Duration.ofMinutes(2)), true)).as("sweep").isFalse();
            assertThat(states.claimRecovery(txId, now, now.plus(Duration.ofMinutes(2)), false)).as("operator").isTrue();
        } finally {
            jdbc.update("DELETE FROM tx_state WHERE tx_id = ?", txId.toString());
        }
    }
}
