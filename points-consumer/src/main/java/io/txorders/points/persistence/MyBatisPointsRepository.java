package io.txorders.points.persistence;

import io.txorders.points.points.PointsEntry;
import io.txorders.points.points.PointsRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Repository;

@Repository
class MyBatisPointsRepository implements PointsRepository {

    private final PointsMapper mapper;

    MyBatisPointsRepository(PointsMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void addEntry(long userId, String orderNo, long delta, String reason, UUID eventId, Instant now) {
        mapper.insertEntry(userId, orderNo, delta, reason, eventId.toString(), now);
    }

    @Override
    public void addToBalance(long userId, long delta, Instant now) {
        mapper.addToBalance(userId, delta, now);
    }

    @Override
    public long balance(long userId) {
        Long balance = mapper.balance(userId);
        return balance == null ? 0 : balance;
    }

    @Override
    public List<PointsEntry> entries(long userId, int limit) {
        return mapper.entries(userId, limit);
    }
}
