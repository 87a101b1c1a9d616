package io.txorders.inventory.messaging;

import io.txorders.messaging.inbox.InboundMessage;
import io.txorders.messaging.rocketmq.RocketMqClientStarter;
import io.txorders.messaging.rocketmq.StartingClient;
import io.txorders.messaging.rocketmq.InboundMessages;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The batched consumer of {@code order-events} ({@code inventory.consumer.mode=batch}): receiver threads take
 * up to {@code batchSize} messages at a time from a {@link SimpleConsumer} and hand them to
 * {@link OrderEventsListener#handleBatch}, which applies runs of OrderCreated in one transaction each.
 *
 * <p>Acknowledgement: a handled message is acked; one that failed is made visible again after a back-off
 * (1 s doubling per attempt, at most 60 s), so the broker redelivers it and, once the group's retries are
 * used up, moves it to {@code %DLQ%}, as with the push consumer. A message whose ack is lost reappears after
 * {@code invisibleDuration} and is then a duplicate the inbox skips.
 */
final class BatchedOrderEventsConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchedOrderEventsConsumer.class);
    private static final Duration INVISIBLE = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final StartingClient<SimpleConsumer> consumer;
    private final String group;
    private final OrderEventsListener listener;
    private final int batchSize;
    private final int threads;
    private ExecutorService receivers;
    /** This start's flag: receivers of an earlier start, still in a long poll, see theirs stay false. */
    private AtomicBoolean active = new AtomicBoolean();
    private volatile boolean running;

    /**
     * @param consumer the client, built by the {@code RocketMqClientStarter} (a receive before that fails and is
     *        tried again after a pause, like any failed receive)
     */
    BatchedOrderEventsConsumer(StartingClient<SimpleConsumer> consumer, String group, OrderEventsListener listener,
                               int batchSize, int threads) {
        this.consumer = consumer;
        this.group = group;
        this.listener = listener;
        this.batchSize = batchSize;
        this.threads = threads;
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
        receivers = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "order-events-batch-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < threads; i++) {
            receivers.execute(() -> receiveLoop(thisStart));
        }
        log.info("batched consumer started group={} batchSize={} receivers={}", group, batchSize, threads);
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
                views = client.receive(batchSize, INVISIBLE);
                failuresInARow = 0;
            } catch (Exception e) {
                if (!active.get()) {
                    return;
                }
                failuresInARow++;
                log.warn("receive failed group={} (attempt {} in a row): {}", group,
                        failuresInARow, e.toString());
                pause(Duration.ofMillis(Math.min(5_000, 200L * failuresInARow)));
                continue;
            }
            if (views.isEmpty()) {
                continue;
            }
            List<InboundMessage> messages = views.stream().map(InboundMessages::from).toList();
            List<Boolean> acks;
            try {
                acks = listener.handleBatch(messages);
            } catch (RuntimeException e) {
                log.error("batch handling failed unexpectedly group={}; the messages will be redelivered",
                        group, e);
                continue;
            }
            settle(client, views, acks);
        }
    }

    /**
     * Acks the handled messages and backs off the failed ones, all in flight at once, without waiting for the
     * broker's answers: the receiver goes on to its next receive at once instead of spending a round trip per batch.
     * An ack that is lost only means a redelivery after the invisible duration, which the inbox makes harmless.
     */
    private void settle(SimpleConsumer client, List<MessageView> views, List<Boolean> acks) {
        for (int i = 0; i < views.size(); i++) {
            MessageView view = views.get(i);
            CompletableFuture<Void> settled = acks.get(i) ? client.ackAsync(view)
                    : client.changeInvisibleDurationAsync(view, backoff(view.getDeliveryAttempt()));
            settled.whenComplete((ok, failure) -> {
                if (failure != null) {
                    // Redelivered after the invisible duration; the inbox makes that harmless.
                    log.warn("ack or back-off not confirmed messageId={}: {}", view.getMessageId(), failure.toString());
                }
            });
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
     * the shutdown for up to the await duration, so after a short grace the client is closed under it (the starter
     * builds it anew if started again); a batch still in hand then loses its acks and is redelivered later, which
     * the inbox makes harmless. Returns once the receivers ended, at most about 12 s.
     */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        active.set(false);
        receivers.shutdown();
        try {
            if (!receivers.awaitTermination(2, TimeUnit.SECONDS)) {
                consumer.close();
                if (!receivers.awaitTermination(10, TimeUnit.SECONDS)) {
                    receivers.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            receivers.shutdownNow();
        } catch (Exception e) {
            log.warn("batched consumer's client did not close cleanly group={}: {}", group, e.toString());
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
