package io.txorders.order.txstate;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The {@code tx_state} table. */
public interface TransactionStateRepository {

    /**
     * Inserts the COMMITTED row of a publish. Call it first inside the local transaction, so the row's key
     * lock is held before any other work and a concurrent check-back waits for the outcome.
     *
     * @throws org.springframework.dao.DuplicateKeyException if a check-back already wrote the tombstone: the
     *         local transaction must not commit
     */
    void insertCommitted(UUID txId, String orderNo, String eventType, Instant now);

    /**
     * The check-back's atomic step, in autocommit mode: insert a ROLLED_BACK tombstone unless a row exists
     * (waiting for the row lock of a local transaction still in flight), count the check, then read the row
     * as last committed.
     *
     * @return the state; empty only if the row vanished (purged), which callers must not read as ROLLBACK
     * @throws org.springframework.dao.DataAccessException on any database error, including a lock wait timeout
     */
    Optional<TransactionState> recordCheckAndRead(UUID txId, String orderNo, String eventType, Instant now);

    /** Deletes at most {@code limit} rows created before {@code cutoff}; returns how many. */
    int purgeCreatedBefore(Instant cutoff, int limit);
}
