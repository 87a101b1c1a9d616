package io.txorders.order.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers notification tasks: claims due tasks with a lease, POSTs each payload with its event id, type and
 * HMAC signature, and records every attempt in {@code notification_log}. A 2xx is DELIVERED; anything else, a
 * connection error or a timeout is retried with exponential back-off and jitter, and FAILED after
 * {@code webhooks.retry.max-attempts}. No database transaction is open during an HTTP call. Each subscription
 * gets at most {@code max-in-flight-per-subscription} concurrent deliveries, so slow partners cannot starve
 * fast ones. Counted as {@code txorders.webhooks.deliveries{outcome=delivered|retried|failed}}.
 *
 * <p>Receivers deduplicate on {@code X-Txorders-Event-Id}: it is the same for every attempt of an event.
 */
@Component
public class WebhookDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookRepository webhooks;
    private final WebhookProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final boolean enabled;
    private final HttpClient http;
    private final ExecutorService workers;
    private final Map<Long, Semaphore> inFlight = new ConcurrentHashMap<>();
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong rounds = new AtomicLong();

    public WebhookDispatcher(WebhookRepository webhooks, WebhookProperties properties, MeterRegistry meters,
                             Clock clock, @Value("${webhooks.dispatcher.enabled:true}") boolean enabled) {
        this.webhooks = webhooks;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        this.enabled = enabled;
        // At 0 from the start: a series that first appears at 1 has no increase an alert could see.
        for (String outcome : new String[] {"delivered", "retried", "failed"}) {
            meters.counter("txorders.webhooks.deliveries", "outcome", outcome);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(properties.threads(), runnable -> {
            Thread thread = new Thread(runnable, "webhook-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.requestTimeout())
                .build();
    }

    @Scheduled(fixedDelayString = "${webhooks.poll-interval:200ms}")
    void scheduledRound() {
        if (!enabled) {
            return;
        }
        try {
            dispatchOnce();
        } catch (RuntimeException e) {
            log.warn("webhook dispatch round failed, retrying next round: {}", e.toString());
        }
    }

    /**
     * One round: claims due tasks and hands them to the delivery threads (without waiting for them). The tasks of a
     * subscription already at its in-flight limit on this instance are not claimed: with the lowest ids first, a slow
     * partner's backlog would otherwise fill every round's batch, be released, and hold back every other partner.
     *
     * @return how many tasks were claimed
     */
    public int dispatchOnce() {
        String token = instanceId + "-" + rounds.incrementAndGet();
        Instant now = clock.instant();
        Duration lease = lease();
        List<Long> atLimit = inFlight.entrySet().stream()
                .filter(subscription -> subscription.getValue().availablePermits() == 0)
                .map(Map.Entry::getKey)
                .toList();
        int claimed = webhooks.claim(token, now, now.plus(lease), properties.batchSize(), atLimit);
        if (claimed == 0) {
            return 0;
        }
        for (NotificationTask task : webhooks.findClaimed(token)) {
            Semaphore permits = inFlight.computeIfAbsent(task.subscriptionId(),
                    id -> new Semaphore(properties.maxInFlightPerSubscription()));
            if (!permits.tryAcquire()) {
                webhooks.release(task.id(), token); // this partner is busy; others go on
                continue;
            }
            workers.execute(() -> {
                try {
                    deliver(task, token);
                } catch (RuntimeException e) {
                    log.warn("webhook delivery bookkeeping failed taskId={}: {}", task.id(), e.toString());
                } finally {
                    permits.release();
                }
            });
        }
        return claimed;
    }

    /** How long a claim holds: a delivery (at most the request timeout) and its bookkeeping, with room to spare. */
    private Duration lease() {
        return properties.requestTimeout().multipliedBy(2).plusSeconds(10);
    }

    private void deliver(NotificationTask task, String token) {
        // A task can wait for a delivery thread past its lease (every thread busy with hanging partners); by then
        // another round or instance may have claimed and sent it. Only the holder of the claim sends.
        if (!webhooks.renewClaim(task.id(), token, clock.instant().plus(lease()))) {
            log.info("webhook task claimed elsewhere while it waited for a delivery thread, not sent here taskId={} "
                    + "type={} eventId={} orderNo={}", task.id(), task.eventType(), task.eventId(), task.orderNo());
            return;
        }
        byte[] body = task.payload().getBytes(StandardCharsets.UTF_8);
        int attempt = task.attempts() + 1;
        Integer status = null;
        String error = null;
        long started = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(task.url()))
                    .timeout(properties.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("X-Txorders-Event-Id", task.eventId())
                    .header("X-Txorders-Event-Type", task.eventType())
                    .header("X-Txorders-Delivery-Attempt", Integer.toString(attempt))
                    .header("X-Txorders-Signature", Signatures.sign(task.secret(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            error = "timed out after " + properties.requestTimeout();
        } catch (IOException | IllegalArgumentException e) {
            error = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        Instant now = clock.instant();
        webhooks.log(task.id(), attempt, status, truncate(error), durationMs, now);
        if (status != null && status >= 200 && status < 300) {
            webhooks.markDelivered(task.id(), token, attempt, status, now);
            meters.counter("txorders.webhooks.deliveries", "outcome", "delivered").increment();
            log.info("webhook delivered taskId={} subscriptionId={} type={} eventId={} orderNo={} attempt={} status={}",
                    task.id(), task.subscriptionId(), task.eventType(), task.eventId(), task.orderNo(), attempt, status);
            return;
        }
        String reason = error != null ? error : "HTTP " + status;
        boolean failed = attempt >= properties.retry().maxAttempts();
        Instant next = now.plus(properties.backoffAfter(attempt, ThreadLocalRandom.current().nextDouble()));
        webhooks.markAttemptFailed(task.id(), token, attempt, status, truncate(reason), next, failed);
        if (failed) {
            meters.counter("txorders.webhooks.deliveries", "outcome", "failed").increment();
            log.error("webhook FAILED after {} attempts taskId={} subscriptionId={} type={} eventId={} orderNo={}: {}",
                    attempt, task.id(), task.subscriptionId(), task.eventType(), task.eventId(), task.orderNo(), reason);
        } else {
            meters.counter("txorders.webhooks.deliveries", "outcome", "retried").increment();
            log.warn("webhook attempt {} failed, next at {} taskId={} type={} eventId={} orderNo={}: {}", attempt, next,
                    task.id(), task.eventType(), task.eventId(), task.orderNo(), reason);
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
