package io.txorders.points.points;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The {@code points_account} and {@code points_ledger} tables. */
public interface PointsRepository {

    /**
     * Adds a ledger entry.
     *
     * @throws org.springframework.dao.DuplicateKeyException if the order already has an entry for this reason
     */
    void addEntry(long userId, String orderNo, long delta, String reason, UUID eventId, Instant now);

    /** {@code balance += delta}, creating the account at 0 first if needed. */
    void addToBalance(long userId, long delta, Instant now);

    long balance(long userId);

    List<PointsEntry> entries(long userId, int limit);
}
