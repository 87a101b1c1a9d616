package io.txorders.messaging.publish;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code tx_state} table. */
public interface TransactionStateRepository {

    /**
     * Inserts the COMMITTED row of a publish with the exact body of its message (to rebuild it if the broker gives
     * up on the half message). Call it first inside the local transaction, so the row's key lock is held before any
     * other work and a concurrent check-back waits for the outcome.
     *
     * @throws org.springframework.dao.DuplicateKeyException if a check-back already wrote the tombstone: the
     *         local transaction must not commit
     */
    void insertCommitted(UUID txId, String orderNo, String eventType, byte[] messageBody, Instant now);

    /**
     * The check-back's atomic step, in autocommit mode: insert a ROLLED_BACK tombstone unless a row exists
     * (waiting for the row lock of a local transaction still in flight), count the check, then read the row
     * as last committed.
     *
     * @return the state; empty only if the row vanished (purged), which callers must not read as ROLLBACK
     * @throws org.springframework.dao.DataAccessException on any database error, including a lock wait timeout
     */
    Optional<TransactionState> recordCheckAndRead(UUID txId, String orderNo, String eventType, Instant now);

    /** Marks the COMMITTED rows whose commit reached RocketMQ (autocommit); returns how many changed. */
    int confirmCommits(Collection<UUID> txIds, Instant now);

    /**
     * COMMITTED rows created before {@code cutoff} whose commit was never confirmed and that no instance holds a
     * recovery claim on at {@code now}, oldest first.
     */
    List<CommittedPublish> findUnconfirmedBefore(Instant cutoff, Instant now, int limit);

    /** The row of one publish, if it is COMMITTED. */
    Optional<CommittedPublish> findCommitted(UUID txId);

    /** Whether a row with this id exists in any state. */
    boolean exists(UUID txId);

    /**
     * Takes the recovery claim of a COMMITTED row until {@code until}, unless another instance holds an unexpired one;
     * counts the attempt.
     *
     * @param unconfirmedOnly the sweep's claim: only while the row is still unconfirmed, so that a row another
     *        instance republished (and confirmed) after this one read it is not republished a second time; the
     *        operator's republish claims a confirmed row too
     * @return whether this caller now holds the claim
     */
    boolean claimRecovery(UUID txId, Instant now, Instant until, boolean unconfirmedOnly);

    /** Records that the message was published again and its commit reached RocketMQ; releases the claim. */
    void markRepublished(UUID txId, Instant now);

    /**
     * Deletes at most {@code limit} rows created before {@code cutoff}; returns how many. A committed publish that was
     * never confirmed nor republished, and still has its message, is kept whatever its age: it is the only copy of an
     * event the recovery has not delivered yet.
     */
    int purgeCreatedBefore(Instant cutoff, int limit);
}
