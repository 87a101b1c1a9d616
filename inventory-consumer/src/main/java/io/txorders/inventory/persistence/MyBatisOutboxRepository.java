package io.txorders.inventory.persistence;

import io.txorders.inventory.outbox.OutboxEntry;
import io.txorders.inventory.outbox.OutboxRepository;
import io.txorders.inventory.outbox.OutboxRow;
import io.txorders.inventory.outbox.OutboxStatus;
import io.txorders.messaging.tracing.MessageTracing;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class MyBatisOutboxRepository implements OutboxRepository {

    private final OutboxMapper mapper;
    private final MessageTracing tracing;

    MyBatisOutboxRepository(OutboxMapper mapper, ObjectProvider<MessageTracing> tracing) {
        this.mapper = mapper;
        this.tracing = tracing.getIfAvailable(() -> MessageTracing.NONE);
    }

    /** Stores the current trace context with the row, for the relay to send the message in it. */
    @Override
    public void insert(UUID eventId, String eventType, String orderNo, String payload, Instant now) {
        mapper.insert(eventId.toString(), eventType, orderNo, payload, now, tracing.current().encode());
    }

    @Override
    @Transactional
    public int claim(String token, Instant now, Instant until, int limit) {
        List<Long> ids = mapper.lockClaimable(now, limit);
        return ids.isEmpty() ? 0 : mapper.claimIds(ids, token, until);
    }

    @Override
    public List<OutboxEntry> findClaimed(String token) {
        return mapper.findClaimed(token).stream()
                .map(row -> new OutboxEntry(((Number) row.get("id")).longValue(),
                        UUID.fromString((String) row.get("event_id")), (String) row.get("event_type"),
                        (String) row.get("order_no"), (String) row.get("payload"),
                        ((Number) row.get("attempts")).intValue(), (String) row.get("trace_context")))
                .toList();
    }

    @Override
    public boolean markSent(long id, String token, Instant now) {
        return mapper.markSent(id, token, now) == 1;
    }

    @Override
    public void markFailed(long id, String token, int attempts, Instant nextAttemptAt, String error, boolean dead) {
        mapper.markFailed(id, token, attempts, nextAttemptAt, error,
                (dead ? OutboxStatus.DEAD : OutboxStatus.PENDING).name());
    }

    @Override
    public void release(String token) {
        mapper.release(token);
    }

    @Override
    public long countPending() {
        return mapper.countPending();
    }

    @Override
    public Optional<Instant> oldestPendingCreatedAt() {
        return Optional.ofNullable(mapper.oldestPendingCreatedAt());
    }

    @Override
    public List<OutboxRow> list(OutboxStatus status, int limit) {
        return mapper.list(status == null ? null : status.name(), limit).stream()
                .map(row -> new OutboxRow(((Number) row.get("id")).longValue(),
                        UUID.fromString((String) row.get("event_id")), (String) row.get("event_type"),
                        (String) row.get("order_no"), OutboxStatus.valueOf((String) row.get("status")),
                        ((Number) row.get("attempts")).intValue(), (String) row.get("last_error"),
                        (Instant) row.get("created_at"), (Instant) row.get("next_attempt_at")))
                .toList();
    }

    @Override
    public Optional<OutboxStatus> statusOf(long id) {
        return Optional.ofNullable(mapper.statusOf(id)).map(OutboxStatus::valueOf);
    }

    @Override
    public boolean requeueDead(long id, Instant now) {
        return mapper.requeueDead(id, now) == 1;
    }

    @Override
    public int requeueAllDead(Instant now) {
        return mapper.requeueAllDead(now);
    }

    @Override
    public int purgeSentBefore(Instant cutoff, int limit) {
        return mapper.purgeSentBefore(cutoff, limit);
    }
}
