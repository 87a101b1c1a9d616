package io.txorders.order.messaging;

import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.inbox.InboundMessage;
import io.txorders.messaging.rocketmq.InboundMessages;
import io.txorders.messaging.rocketmq.RocketMqClientStarter;
import io.txorders.messaging.rocketmq.StartingClient;
import io.txorders.order.webhook.WebhookEventFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The consumer of group {@code order-webhooks}: receiver threads take batches of order events from a
 * {@link SimpleConsumer} whose tag filter follows the subscribed event types ({@link WebhookEventFilter}), and hand
 * each message to the group's handler (inbox, then notification tasks), as the starter's push consumer did before.
 *
 * <p>Why a simple consumer: its filter can change while it runs ({@link SimpleConsumer#subscribe} applies to the next
 * receive), where rocketmq-client-java 5.1's push consumer keeps the filter a queue was first polled with. Before each
 * receive the filter wanted now is compared with the one in use and applied if it differs; a receive already waiting
 * at the broker keeps the old filter until it returns, at most {@code await} later. With no subscription the filter
 * names no event: the group then pops nothing per order, and the broker moves its offset past the events (so a later
 * subscription gets the events from when it is in effect, not a backlog).
 *
 * <p>Acknowledgement, as the push consumer: a message the handler answered {@code true} for is acked; one it answered
 * {@code false} for (or threw) is made visible again after a back-off (1 s doubling per attempt, at most 60 s), so the
 * broker redelivers it and, once the group's retries are used up, dead-letters it. A lost ack means a redelivery that
 * the inbox skips. The client is built, retried while the broker is away and closed by the {@link RocketMqClientStarter};
 * a receive before it is started, a failed receive or a failed filter change is tried again after a pause.
 */
final class WebhookEventsConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookEventsConsumer.class);
    private static final String GROUP = ConsumerGroup.WEBHOOKS.groupName();
    private static final String TOPIC = Topic.ORDER_EVENTS.topicName();
    private static final Duration INVISIBLE = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final StartingClient<SimpleConsumer> consumer;
    private final Supplier<String> wantedFilter;
    private final Predicate<InboundMessage> handler;
    private final int batchSize;
    private final int receivers;
    /** Held while the filter is compared and changed, so two receivers do not both change it. */
    private final Object filterLock = new Object();
    private ExecutorService receiverThreads;
    /** This start's flag: receivers of an earlier start, still in a long poll, see theirs stay false. */
    private AtomicBoolean active = new AtomicBoolean();
    private volatile boolean running;

    /**
     * @param consumer the client of the group, subscribed to {@code order-events} only, built by the starter (with
     *        {@link #subscription} of the filter wanted then)
     * @param wantedFilter the tag expression wanted now; must not throw (it answers "*" when it cannot tell)
     * @param handler the group's consumer path: whether the message is done with (acknowledged)
     */
    WebhookEventsConsumer(StartingClient<SimpleConsumer> consumer, Supplier<String> wantedFilter,
                          Predicate<InboundMessage> handler, int batchSize, int receivers) {
        this.consumer = consumer;
        this.wantedFilter = wantedFilter;
        this.handler = handler;
        this.batchSize = batchSize;
        this.receivers = receivers;
    }

    /**
     * The subscription of the client: {@code order-events} with this tag expression. A map of its own, mutable and safe
     * to change while read: rocketmq-client-java's simple consumer keeps the very map its builder got and
     * {@link SimpleConsumer#subscribe} puts into it while receives copy it (an immutable map fails there).
     */
    static Map<String, FilterExpression> subscription(String tagExpression) {
        Map<String, FilterExpression> subscription = new ConcurrentHashMap<>();
        subscription.put(TOPIC, new FilterExpression(tagExpression, FilterExpressionType.TAG));
        return subscription;
    }

    /** Starts the receiver threads (after the client starter, see {@link #getPhase()}). */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        AtomicBoolean thisStart = new AtomicBoolean(true);
        active = thisStart;
        AtomicInteger n = new AtomicInteger();
        receiverThreads = Executors.newFixedThreadPool(receivers, r -> {
            Thread thread = new Thread(r, "order-webhooks-receiver-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < receivers; i++) {
            receiverThreads.execute(() -> receiveLoop(thisStart));
        }
        log.info("webhook consumer started group={} batchSize={} receivers={}", GROUP, batchSize, receivers);
    }

    private void receiveLoop(AtomicBoolean active) {
        int failuresInARow = 0;
        while (active.get()) {
            if (!consumer.isStarted()) {
                // The starter is still building the client and logs each failed attempt itself.
                pause(Duration.ofMillis(200));
                continue;
            }
            SimpleConsumer client;
            List<MessageView> views;
            try {
                client = consumer.require();
                applyWantedFilter(client);
                views = client.receive(batchSize, INVISIBLE);
                failuresInARow = 0;
            } catch (Exception e) {
                if (!active.get()) {
                    return;
                }
                failuresInARow++;
                log.warn("receive failed group={} (attempt {} in a row): {}", GROUP, failuresInARow, e.toString());
                pause(Duration.ofMillis(Math.min(5_000, 200L * failuresInARow)));
                continue;
            }
            if (!views.isEmpty()) {
                settle(client, views);
            }
        }
    }

    /**
     * Subscribes the topic with the filter wanted now if it differs from the one in use; the next receive (of any
     * receiver) uses it.
     */
    private void applyWantedFilter(SimpleConsumer client) throws ClientException {
        synchronized (filterLock) {
            String wanted = wantedFilter.get();
            FilterExpression applied = client.getSubscriptionExpressions().get(TOPIC);
            if (applied != null && wanted.equals(applied.getExpression())) {
                return;
            }
            client.subscribe(TOPIC, new FilterExpression(wanted, FilterExpressionType.TAG));
            log.info("webhook consumer filter changed group={} from={} to={}", GROUP,
                    applied == null ? null : applied.getExpression(), wanted);
        }
    }

    /** Handles the batch in order, then acks the handled messages and backs off the others, all in flight at once. */
    private void settle(SimpleConsumer client, List<MessageView> views) {
        List<CompletableFuture<Void>> pending = new ArrayList<>(views.size());
        for (MessageView view : views) {
            boolean done;
            try {
                done = handler.test(InboundMessages.from(view));
            } catch (RuntimeException e) {
                log.error("webhook consumer handler failed unexpectedly group={} messageId={}; redelivered later",
                        GROUP, view.getMessageId(), e);
                done = false;
            }
            pending.add(done ? client.ackAsync(view)
                    : client.changeInvisibleDurationAsync(view, backoff(view.getDeliveryAttempt())));
        }
        for (int i = 0; i < pending.size(); i++) {
            try {
                pending.get(i).get(INVISIBLE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Redelivered after the invisible duration; the inbox makes that harmless.
                log.warn("ack or back-off not confirmed group={} messageId={}: {}", GROUP, views.get(i).getMessageId(),
                        e.toString());
            }
        }
    }

    static Duration backoff(int deliveryAttempt) {
        int doublings = Math.max(0, Math.min(deliveryAttempt - 1, 6));
        Duration backoff = Duration.ofSeconds(1L << doublings);
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    private static void pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops receiving (before the starter stops, see {@link #getPhase()}). A receiver idle in its long poll would hold
     * the shutdown for up to {@code await}, so after a short grace the client is closed under it (the starter builds
     * it anew if started again); a batch still in hand then loses its acks and is redelivered later, which the inbox
     * makes harmless. Returns once the receivers ended, at most about 12 s.
     */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        active.set(false);
        receiverThreads.shutdown();
        try {
            if (!receiverThreads.awaitTermination(2, TimeUnit.SECONDS)) {
                consumer.close();
                if (!receiverThreads.awaitTermination(10, TimeUnit.SECONDS)) {
                    receiverThreads.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            receiverThreads.shutdownNow();
        } catch (Exception e) {
            log.warn("webhook consumer's client did not close cleanly group={}: {}", GROUP, e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts right after the client starter and stops right before it closes the clients. */
    @Override
    public int getPhase() {
        return RocketMqClientStarter.PHASE + 1;
    }

    /** Keeps receiving in a paused context, as its client stays open then (see the starter). */
    @Override
    public boolean isPauseable() {
        return false;
    }
}
