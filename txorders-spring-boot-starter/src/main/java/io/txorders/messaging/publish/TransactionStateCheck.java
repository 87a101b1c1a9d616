package io.txorders.messaging.publish;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Decides the broker's check-back from {@code tx_state} only (design §3): never from memory, never from the
 * age of the message. Any producer instance gives the same answer because the state lives in the database.
 *
 * <p>The tombstone technique removes the race of a check arriving while the local transaction still runs:
 * the tombstone insert waits for that transaction's row lock, so the answer is its real outcome; and once
 * the tombstone is in, a local transaction that starts later fails on the duplicate key.
 */
public class TransactionStateCheck {

    private static final Logger log = LoggerFactory.getLogger(TransactionStateCheck.class);

    private final TransactionStateRepository states;
    private final CommitConfirmations confirmations;
    private final Clock clock;

    public TransactionStateCheck(TransactionStateRepository states, CommitConfirmations confirmations, Clock clock) {
        this.states = states;
        this.confirmations = confirmations;
        this.clock = clock;
    }

    /**
     * The answer for one half message. Must run outside any Spring transaction (autocommit), so that the read
     * sees the latest committed row and not an older REPEATABLE READ snapshot.
     *
     * @param txId the event id (message key)
     * @param orderNo the order, for the tombstone's record; may be null
     * @param eventType the event type, for the tombstone's record; may be null
     * @return COMMIT or ROLLBACK as {@code tx_state} says; UNKNOWN when the database cannot say
     */
    public CheckBackAnswer answer(UUID txId, String orderNo, String eventType) {
        CheckBackAnswer answer = outcome(txId, orderNo, eventType);
        if (answer == CheckBackAnswer.COMMIT) {
            // The broker asked, so it holds the half message and takes this answer; should the answer be lost it
            // asks again (unless this was its last check: then the publish stays unconfirmed only if no earlier
            // confirmation was recorded, see DiscardedPublishRecovery).
            confirmations.confirm(txId);
        }
        return answer;
    }

    /**
     * The same decision for the publisher itself, when the answer to its own local commit was lost: the tombstone rule
     * alike, but no commit is confirmed here, since nothing has reached the broker yet; the publisher confirms once
     * its commit is sent.
     */
    public CheckBackAnswer outcomeOfLocalCommit(UUID txId, String orderNo, String eventType) {
        return outcome(txId, orderNo, eventType);
    }

    private CheckBackAnswer outcome(UUID txId, String orderNo, String eventType) {
        Optional<TransactionState> state;
        try {
            state = states.recordCheckAndRead(txId, orderNo, eventType, clock.instant());
        } catch (DataAccessException e) {
            log.warn("check-back cannot read tx_state, answering UNKNOWN eventId={} orderNo={}: {}", txId, orderNo,
                    e.getMostSpecificCause().getMessage());
            return CheckBackAnswer.UNKNOWN;
        }
        if (state.isEmpty()) {
            log.error("check-back found no tx_state row right after writing it eventId={} orderNo={}; answering UNKNOWN",
                    txId, orderNo);
            return CheckBackAnswer.UNKNOWN;
        }
        return state.get() == TransactionState.COMMITTED ? CheckBackAnswer.COMMIT : CheckBackAnswer.ROLLBACK;
    }
}
