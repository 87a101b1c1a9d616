package io.txorders.order.persistence;

import io.txorders.messaging.contract.EventType;
import io.txorders.order.webhook.NotificationTask;
import io.txorders.order.webhook.WebhookRepository;
import io.txorders.order.webhook.WebhookSubscription;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Repository;

@Repository
class MyBatisWebhookRepository implements WebhookRepository {

    private final WebhookMapper mapper;

    MyBatisWebhookRepository(WebhookMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public long insertSubscription(String url, String events, String secret, Instant now) {
        WebhookMapper.NewSubscription row = new WebhookMapper.NewSubscription();
        row.url = url;
        row.events = events;
        row.secret = secret;
        row.now = now;
        mapper.insertSubscription(row);
        return row.id;
    }

    @Override
    public List<WebhookSubscription> findActiveSubscriptions() {
        return mapper.findSubscriptions(null).stream().map(MyBatisWebhookRepository::subscription).toList();
    }

    @Override
    public Optional<WebhookSubscription> findSubscription(long id) {
        return mapper.findSubscriptions(id).stream().findFirst().map(MyBatisWebhookRepository::subscription);
    }

    @Override
    public boolean deactivate(long id) {
        if (mapper.deactivate(id) != 1) {
            return false;
        }
        mapper.endTasks(id);
        return true;
    }

    @Override
    public boolean insertTask(long subscriptionId, String eventId, String eventType, String orderNo, String payload,
                              Instant now) {
        return mapper.insertTask(subscriptionId, eventId, eventType, orderNo, payload, now) == 1;
    }

    @Override
    public int claim(String token, Instant now, Instant until, int limit, Collection<Long> skipped) {
        return mapper.claim(token, now, until, limit, skipped);
    }

    @Override
    public List<NotificationTask> findClaimed(String token) {
        return mapper.findTasks(token, "PENDING", 10_000).stream().map(MyBatisWebhookRepository::task).toList();
    }

    @Override
    public void release(long taskId, String token) {
        mapper.release(taskId, token);
    }

    @Override
    public boolean renewClaim(long taskId, String token, Instant until) {
        return mapper.renewClaim(taskId, token, until) == 1;
    }

    @Override
    public void markDelivered(long taskId, String token, int attempts, int statusCode, Instant now) {
        mapper.markDelivered(taskId, token, attempts, statusCode, now);
    }

    @Override
    public void markAttemptFailed(long taskId, String token, int attempts, Integer statusCode, String error,
                                  Instant nextAttemptAt, boolean failed) {
        mapper.markAttemptFailed(taskId, token, attempts, statusCode, error, nextAttemptAt, failed ? "FAILED" : "PENDING");
    }

    @Override
    public void log(long taskId, int attempt, Integer statusCode, String error, long durationMs, Instant now) {
        mapper.insertLog(taskId, attempt, statusCode, error, durationMs, now);
    }

    @Override
    public List<NotificationTask> findFailed(int limit) {
        return mapper.findTasks(null, "FAILED", limit).stream().map(MyBatisWebhookRepository::task).toList();
    }

    @Override
    public boolean retry(long taskId, Instant now) {
        return mapper.retry(taskId, now) == 1;
    }

    private static WebhookSubscription subscription(Map<String, Object> row) {
        return new WebhookSubscription(((Number) row.get("id")).longValue(), (String) row.get("url"),
                Arrays.stream(((String) row.get("events")).split(",")).map(EventType::valueOf).collect(Collectors.toSet()),
                (String) row.get("secret"), Boolean.TRUE.equals(row.get("active")) || Integer.valueOf(1).equals(row.get("active")),
                instant(row.get("created_at")));
    }

    private static NotificationTask task(Map<String, Object> row) {
        Object lastStatus = row.get("last_status");
        return new NotificationTask(((Number) row.get("id")).longValue(), ((Number) row.get("subscription_id")).longValue(),
                (String) row.get("url"), (String) row.get("secret"), (String) row.get("event_id"),
                (String) row.get("event_type"), (String) row.get("order_no"), (String) row.get("payload"),
                ((Number) row.get("attempts")).intValue(), (String) row.get("status"),
                lastStatus == null ? null : ((Number) lastStatus).intValue(), (String) row.get("last_error"),
                instant(row.get("created_at")));
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof LocalDateTime local) {
            // DATETIME columns hold UTC wall time (io.txorders.messaging.database.UtcConnections).
            return local.toInstant(ZoneOffset.UTC);
        }
        return null;
    }
}
