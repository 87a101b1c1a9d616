package io.txorders.order.persistence;

import io.txorders.order.txstate.CommittedPublish;
import io.txorders.order.txstate.TransactionState;
import io.txorders.order.txstate.TransactionStateRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Repository;

@Repository
class MyBatisTransactionStateRepository implements TransactionStateRepository {

    private final TxStateMapper mapper;

    MyBatisTransactionStateRepository(TxStateMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void insertCommitted(UUID txId, String orderNo, String eventType, byte[] messageBody, Instant now) {
        mapper.insertCommitted(txId.toString(), orderNo, eventType, messageBody, now);
    }

    @Override
    public Optional<TransactionState> recordCheckAndRead(UUID txId, String orderNo, String eventType, Instant now) {
        // Two autocommit statements (no Spring transaction is active on the check-back thread): the upsert waits
        // for a local transaction holding the row, and the read that follows sees the latest committed row.
        mapper.upsertTombstoneAndCountCheck(txId.toString(), orderNo, eventType, now);
        return Optional.ofNullable(mapper.findState(txId.toString())).map(TransactionState::valueOf);
    }

    @Override
    public int confirmCommits(Collection<UUID> txIds, Instant now) {
        return txIds.isEmpty() ? 0 : mapper.confirmCommits(txIds.stream().map(UUID::toString).toList(), now);
    }

    @Override
    public List<CommittedPublish> findUnconfirmedBefore(Instant cutoff, Instant now, int limit) {
        return mapper.findUnconfirmedBefore(cutoff, now, limit).stream().map(CommittedPublishRow::toDomain).toList();
    }

    @Override
    public Optional<CommittedPublish> findCommitted(UUID txId) {
        return Optional.ofNullable(mapper.findCommitted(txId.toString())).map(CommittedPublishRow::toDomain);
    }

    @Override
    public boolean exists(UUID txId) {
        return mapper.findState(txId.toString()) != null;
    }

    @Override
    public boolean claimRecovery(UUID txId, Instant now, Instant until) {
        return mapper.claimRecovery(txId.toString(), now, until) == 1;
    }

    @Override
    public void markRepublished(UUID txId, Instant now) {
        mapper.markRepublished(txId.toString(), now);
    }

    @Override
    public int purgeCreatedBefore(Instant cutoff, int limit) {
        return mapper.deleteCreatedBefore(cutoff, limit);
    }
}
