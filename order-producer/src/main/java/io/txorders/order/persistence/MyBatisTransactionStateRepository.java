package io.txorders.order.persistence;

import io.txorders.order.txstate.TransactionState;
import io.txorders.order.txstate.TransactionStateRepository;
import java.time.Instant;
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
    public void insertCommitted(UUID txId, String orderNo, String eventType, Instant now) {
        mapper.insertCommitted(txId.toString(), orderNo, eventType, now);
    }

    @Override
    public Optional<TransactionState> recordCheckAndRead(UUID txId, String orderNo, String eventType, Instant now) {
        // Two autocommit statements (no Spring transaction is active on the check-back thread): the upsert waits
        // for a local transaction holding the row, and the read that follows sees the latest committed row.
        mapper.upsertTombstoneAndCountCheck(txId.toString(), orderNo, eventType, now);
        return Optional.ofNullable(mapper.findState(txId.toString())).map(TransactionState::valueOf);
    }

    @Override
    public int purgeCreatedBefore(Instant cutoff, int limit) {
        return mapper.deleteCreatedBefore(cutoff, limit);
    }
}
