package io.txorders.messaging.outbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code outbox} table. */
public interface OutboxRepository {

    void insert(UUID eventId, String eventType, String orderNo, String payload, Instant now);

    /** A row to insert: an encoded event. */
    record NewRow(UUID eventId, String eventType, String orderNo, String payload) {
    }

    /** Inserts these rows, in list order (ids ascending); by default one {@link #insert} each. */
    default void insertAll(List<NewRow> entries, Instant now) {
        entries.forEach(entry -> insert(entry.eventId(), entry.eventType(), entry.orderNo(), entry.payload(), now));
    }

    /**
     * Claims up to {@code limit} due PENDING rows, lowest id first, for {@code token} until {@code until}; rows
     * claimed by another relay whose lease has not expired, or being claimed right now, are skipped, so two
     * relays never claim the same row and never wait on each other. A row is claimed only together with every
     * earlier PENDING row of its order (a row backing off after a failed send, or claimed by another relay, holds
     * back the later rows of its order), so an order's rows go out in id order across rounds and relays. A DEAD row
     * holds back nothing: the relay has given up on it, and the {@code txorders.outbox.dead} alert says so.
     *
     * @return how many rows were claimed
     */
    int claim(String token, Instant now, Instant until, int limit);

    /** The rows claimed by {@code token}, by id. */
    List<OutboxEntry> findClaimed(String token);

    /**
     * Marks rows sent, in one statement.
     *
     * @return how many were marked; fewer than {@code ids} if a claim was lost (lease expired and another relay took
     *         the row)
     */
    int markSent(Collection<Long> ids, String token, Instant now);

    /** Records a failed attempt: back to PENDING at {@code nextAttemptAt}, or DEAD. */
    void markFailed(long id, String token, int attempts, Instant nextAttemptAt, String error, boolean dead);

    /** Gives back rows still claimed by {@code token}. */
    void release(String token);

    long countPending();

    /** When the oldest PENDING row was written; empty when none is pending. */
    Optional<Instant> oldestPendingCreatedAt();

    /** Up to {@code limit} rows, lowest id first; of one status, or of every status when it is null. */
    List<OutboxRow> list(OutboxStatus status, int limit);

    /** The status of row {@code id}; empty if there is no such row. */
    Optional<OutboxStatus> statusOf(long id);

    /**
     * Puts DEAD row {@code id} back to PENDING with its attempts reset, due at {@code now}.
     *
     * @return false if the row is not DEAD (or does not exist); nothing changed then
     */
    boolean requeueDead(long id, Instant now);

    /** {@link #requeueDead(long, Instant)} for every DEAD row; returns how many. */
    int requeueAllDead(Instant now);

    /** Deletes at most {@code limit} SENT rows sent before {@code cutoff}. */
    int purgeSentBefore(Instant cutoff, int limit);
}
