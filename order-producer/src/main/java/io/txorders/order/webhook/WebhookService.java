package io.txorders.order.webhook;

import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.contract.Topic;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Best-effort notification (the seed's pattern where it fits): partners subscribe to order events over HTTP.
 * Tasks are written by a consumer of order-events through the inbox, and delivered by
 * {@link WebhookDispatcher} with retries — a failing partner never blocks or rolls back an order.
 */
@Service
public class WebhookService {

    private static final Logger log = LoggerFactory.getLogger(WebhookService.class);
    private static final Set<EventType> ORDER_EVENTS = EnumSet.copyOf(
            Set.of(EventType.values()).stream().filter(t -> t.topic() == Topic.ORDER_EVENTS).toList());

    private final WebhookRepository webhooks;
    private final Clock clock;
    private final SubscribedEventTypes subscribedTypes;
    private final Duration activationDelay;
    private final EventCodec codec = new EventCodec();

    /**
     * @param requestTimeout the RocketMQ client's request timeout: a receive's deadline is its await plus this, which
     *        bounds how long a filter change waits for the receive under way
     */
    public WebhookService(WebhookRepository webhooks, Clock clock, WebhookProperties properties,
                          @Value("${rocketmq.request-timeout:5s}") Duration requestTimeout) {
        this.webhooks = webhooks;
        this.clock = clock;
        this.activationDelay = properties.activationDelay(requestTimeout);
        this.subscribedTypes = new SubscribedEventTypes(webhooks::findActiveSubscriptions,
                properties.subscriptionRefresh(), System::nanoTime);
    }

    /**
     * Subscribes a partner.
     *
     * @throws InvalidSubscriptionException for a non-http(s) URL, unknown or non-order event types, or a secret
     *         shorter than 16 characters
     */
    @Transactional
    public WebhookSubscription subscribe(String url, List<String> events, String secret) {
        validateUrl(url);
        if (events == null || events.isEmpty()) {
            throw new InvalidSubscriptionException("events", "must name at least one of " + ORDER_EVENTS);
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String name : events) {
            EventType type = ORDER_EVENTS.stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidSubscriptionException("events",
                            "unknown event type " + name + "; use " + ORDER_EVENTS));
            types.add(type);
        }
        if (secret == null || secret.length() < 16 || secret.length() > 256) {
            throw new InvalidSubscriptionException("secret", "must be 16 to 256 characters");
        }
        long id = webhooks.insertSubscription(url, types.stream().map(Enum::name).collect(Collectors.joining(",")),
                secret, clock.instant());
        afterCommit(subscribedTypes::invalidate);
        log.info("webhook subscribed id={} url={} events={}", id, url, types);
        return webhooks.findSubscription(id).orElseThrow();
    }

    public List<WebhookSubscription> subscriptions() {
        return webhooks.findActiveSubscriptions();
    }

    /** @throws WebhookNotFoundException if there is no active subscription with this id */
    @Transactional
    public void unsubscribe(long id) {
        if (!webhooks.deactivate(id)) {
            throw new WebhookNotFoundException("subscription " + id);
        }
        afterCommit(subscribedTypes::invalidate);
        log.info("webhook unsubscribed id={}", id);
    }

    /** How long after its creation a subscription is in effect on every instance: see {@link #effectiveAt}. */
    public Duration activationDelay() {
        return activationDelay;
    }

    /**
     * When a subscription is in effect on every instance: from then on every event of its types that occurs gets a
     * task for it; one that occurs between its creation and then may or may not. See
     * {@link WebhookProperties#activationDelay}.
     */
    public Instant effectiveAt(WebhookSubscription subscription) {
        return subscription.createdAt().plus(activationDelay);
    }

    /**
     * The tag expression the webhook consumer group receives with now ({@link WebhookEventFilter}): the event types
     * some active subscription wants, as fresh as {@link SubscribedEventTypes} keeps them. When the subscriptions
     * cannot be read it is {@link WebhookEventFilter#ALL_EVENTS}: a subscription this instance cannot see could
     * exist, and an event filtered out is skipped for good, whereas one received is only handled (or retried) like
     * before.
     */
    public String eventFilter() {
        try {
            return WebhookEventFilter.tagExpression(subscribedTypes.current());
        } catch (RuntimeException e) {
            log.warn("webhook subscriptions not readable, receiving every order event meanwhile: {}", e.toString());
            return WebhookEventFilter.ALL_EVENTS;
        }
    }

    /**
     * Whether some active subscription wants events of this type; when none does, the webhook consumer acknowledges
     * the event without a transaction (an event the tag filter still let through while it changes, or while the
     * subscriptions could not be read). Cached: see {@link SubscribedEventTypes} for how fresh the answer is.
     */
    public boolean anySubscriptionWants(EventType type) {
        return subscribedTypes.anyWants(type);
    }

    /**
     * Writes a task for every subscription that wants this event. Runs inside the consumer's inbox transaction;
     * the unique (subscription, event) key keeps it to one task per subscription even past the inbox.
     *
     * @return how many tasks were written
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int onOrderEvent(Event event) {
        int written = 0;
        String payload = null;
        for (WebhookSubscription subscription : webhooks.findActiveSubscriptions()) {
            if (!subscription.wants(event.type())) {
                continue;
            }
            if (payload == null) {
                payload = new String(codec.encode(event), StandardCharsets.UTF_8);
            }
            if (webhooks.insertTask(subscription.id(), event.eventId().toString(), event.type().name(),
                    event.orderNo(), payload, clock.instant())) {
                written++;
            }
        }
        if (written > 0) {
            log.info("webhook tasks written={} type={} eventId={} orderNo={}", written, event.type(), event.eventId(),
                    event.orderNo());
        }
        return written;
    }

    public List<NotificationTask> failedTasks() {
        return webhooks.findFailed(500);
    }

    /** Puts a FAILED task back in the queue with a fresh set of attempts. */
    @Transactional
    public void retry(long taskId) {
        if (!webhooks.retry(taskId, clock.instant())) {
            throw new WebhookNotFoundException("failed task " + taskId);
        }
        log.info("webhook task queued again by an operator taskId={}", taskId);
    }

    /** Runs {@code action} once the current transaction committed (a reader before then would see the old rows). */
    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private static void validateUrl(String url) {
        if (url == null || url.isBlank() || url.length() > 2048) {
            throw new InvalidSubscriptionException("url", "is required (at most 2048 characters)");
        }
        try {
            URI uri = new URI(url);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                throw new InvalidSubscriptionException("url", "must be an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw new InvalidSubscriptionException("url", "is not a valid URL");
        }
    }
}
