package io.txorders.messaging.rocketmq;

import io.txorders.messaging.inbox.InboundMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
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
 * Receiver threads over a {@link SimpleConsumer}: each takes up to {@code batchSize} messages at a time and hands
 * them to a {@link BatchHandler}, for a group that gains from seeing a batch at once (inventory applies runs of
 * OrderCreated in one transaction) or whose filter must change while it runs (the webhook group's follows the
 * subscribed event types, see {@link FollowedFilter}).
 *
 * <p>Acknowledgement: a handled message is acked; one that failed is made visible again after the push consumer's
 * back-off (RocketMQ's retry schedule: 1 s, 5 s, 10 s, 30 s, 1 m, … 2 h), so the broker redelivers it and, once the
 * group's retries are used up, moves it to {@code %DLQ%}, as with the push consumer. Acks are not waited for: the
 * receiver goes on to its next receive at once instead of spending a round trip per batch. A handler that throws (or
 * answers for other than each message) fails the whole batch, which comes back on the same schedule; a lost ack
 * makes its message come back after the invisible duration (30 s), a duplicate the inbox skips. A receiver thread
 * does not end on a failure of any kind, an {@link Error} included: it logs it and receives again.
 *
 * <p>The client is built, retried while the broker is away and closed by the {@link RocketMqClientStarter}; a receive
 * before it is started, a failed receive or a failed filter change is tried again after a pause.
 */
public final class BatchReceivers implements SmartLifecycle {

    /** The most messages one receive may ask for: the broker refuses a pop of more (rocketmq-broker 5.5). */
    public static final int MAX_BATCH_SIZE = 32;

    private static final Logger log = LoggerFactory.getLogger(BatchReceivers.class);
    private static final Duration INVISIBLE = Duration.ofSeconds(30);
    /**
     * The back-off after a failed delivery attempt 1, 2, …: the schedule a group's push consumer gets from the broker
     * (its default retry policy), so that batch mode outlives an outage as long as single mode does. The 16 retries
     * of a default group span about 1 h 46 min; they spanned 10 minutes when the back-off stopped at 60 s, and a
     * database outage of that length sent every message that arrived during it to the dead letters.
     */
    private static final List<Duration> RETRY_SCHEDULE = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(3), Duration.ofMinutes(4), Duration.ofMinutes(5), Duration.ofMinutes(6),
            Duration.ofMinutes(7), Duration.ofMinutes(8), Duration.ofMinutes(9), Duration.ofMinutes(10),
            Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2));

    /** What a group does with a received batch. */
    @FunctionalInterface
    public interface BatchHandler {

        /**
         * @return for each message, in order, whether it is done with (acked) or is to be redelivered after a back-off
         * @throws RuntimeException if the batch could not be handled at all: every message is redelivered later
         */
        List<Boolean> handle(List<InboundMessage> batch);

        /**
         * Handles the messages one after another with a per-message handler; one that throws counts as not done and
         * does not stop the others. Once the {@link HandlingBudget} is spent, messages not reached yet are given back
         * unhandled if the last one failed (an outage, as far as this batch can tell); a batch that is merely slow
         * goes on.
         */
        static BatchHandler oneByOne(String group, Predicate<InboundMessage> handler) {
            return oneByOne(group, handler, System::nanoTime);
        }

        /** {@link #oneByOne(String, Predicate)} on this time source (a test's own). */
        static BatchHandler oneByOne(String group, Predicate<InboundMessage> handler, LongSupplier nanoTime) {
            return batch -> {
                HandlingBudget budget = HandlingBudget.start("group " + group, nanoTime);
                List<Boolean> done = new ArrayList<>(batch.size());
                for (InboundMessage message : batch) {
                    if (budget.givesBackNext(done, batch.size())) {
                        done.add(false);
                        continue;
                    }
                    try {
                        done.add(handler.test(message));
                    } catch (RuntimeException e) {
                        log.error("handler failed unexpectedly group={} messageId={}; redelivered later", group,
                                message.messageId(), e);
                        done.add(false);
                    }
                }
                return done;
            };
        }

        /**
         * Hands each run of two or more consecutive messages tagged {@code tag} to {@code run} at once, and every other
         * message, in its place, to {@code single}: a batch gains where it can (e.g. one transaction for a run of
         * OrderCreated), and no message is handled before one received ahead of it (a cancellation that arrived
         * before its order's creation still comes first). Once the {@link HandlingBudget} is spent, messages not
         * reached yet are given back unhandled if the last handled failed, all of them, so none is handled before one
         * received ahead of it in this batch.
         */
        static BatchHandler runsOfTag(String tag, BatchHandler run, Predicate<InboundMessage> single) {
            return runsOfTag(tag, run, single, System::nanoTime);
        }

        /** {@link #runsOfTag(String, BatchHandler, Predicate)} on this time source (a test's own). */
        static BatchHandler runsOfTag(String tag, BatchHandler run, Predicate<InboundMessage> single,
                                      LongSupplier nanoTime) {
            return batch -> {
                HandlingBudget budget = HandlingBudget.start("runs of " + tag, nanoTime);
                List<Boolean> done = new ArrayList<>(batch.size());
                int i = 0;
                while (i < batch.size()) {
                    if (budget.givesBackNext(done, batch.size())) {
                        done.add(false);
                        i++;
                        continue;
                    }
                    int end = i;
                    // By tag; a body that does not match its tag is caught when it is read and goes to the dead letters.
                    while (end < batch.size() && tag.equals(batch.get(end).tag())) {
                        end++;
                    }
                    if (end - i > 1) {
                        done.addAll(run.handle(batch.subList(i, end)));
                        i = end;
                    } else {
                        done.add(single.test(batch.get(i)));
                        i++;
                    }
                }
                return done;
            };
        }
    }

    /**
     * A tag filter on one topic that may change while the receivers run: before each receive the expression wanted now
     * is compared with the client's and subscribed if it differs ({@link SimpleConsumer#subscribe} applies to the next
     * receive; one already waiting at the broker keeps the old filter until it returns, at most the await duration).
     *
     * @param wanted the tag expression wanted now; must not throw
     */
    public record FollowedFilter(String topic, Supplier<String> wanted) {
    }

    private final StartingClient<SimpleConsumer> consumer;
    private final String group;
    private final BatchHandler handler;
    private final int batchSize;
    private final int receivers;
    private final FollowedFilter filter;
    /** Held while the filter is compared and changed, so two receivers do not both change it. */
    private final Object filterLock = new Object();
    private ExecutorService receiverThreads;
    /** This start's flag: receivers of an earlier start, still in a long poll, see theirs stay false. */
    private AtomicBoolean active = new AtomicBoolean();
    private volatile boolean running;

    /** Receivers whose client keeps the subscription it was built with. */
    public BatchReceivers(StartingClient<SimpleConsumer> consumer, String group, BatchHandler handler, int batchSize,
                          int receivers) {
        this(consumer, group, handler, batchSize, receivers, null);
    }

    /**
     * @param consumer the client, built by the {@link RocketMqClientStarter}; with a {@code filter}, built with
     *        {@link #subscription} of its topic
     * @param batchSize the most messages one receive takes, 1 to {@link #MAX_BATCH_SIZE}
     * @param receivers receiver threads, at least 1
     * @param filter a filter that follows what is wanted, or {@code null}
     * @throws IllegalArgumentException for a batch size or a number of receivers out of range, at start-up: the
     *         client refuses a receive of no message and the broker one of more than 32, and receivers would retry
     *         such a receive forever while the group consumed nothing
     */
    public BatchReceivers(StartingClient<SimpleConsumer> consumer, String group, BatchHandler handler, int batchSize,
                          int receivers, FollowedFilter filter) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE || receivers < 1) {
            throw new IllegalArgumentException(group + ": the batch size must be 1 to " + MAX_BATCH_SIZE
                    + " (the most one receive takes) and the receivers at least 1; got batch size " + batchSize
                    + ", receivers " + receivers);
        }
        this.consumer = consumer;
        this.group = group;
        this.handler = handler;
        this.batchSize = batchSize;
        this.receivers = receivers;
        this.filter = filter;
    }

    /**
     * A subscription to give the client's builder when its filter is to change later: a map of its own, mutable and
     * safe to change while read, since rocketmq-client-java's simple consumer keeps the very map its builder got and
     * {@link SimpleConsumer#subscribe} puts into it while receives copy it (an immutable map fails there).
     */
    public static Map<String, FilterExpression> subscription(String topic, String tagExpression) {
        Map<String, FilterExpression> subscription = new ConcurrentHashMap<>();
        subscription.put(topic, new FilterExpression(tagExpression, FilterExpressionType.TAG));
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
            Thread thread = new Thread(r, group + "-receiver-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < receivers; i++) {
            receiverThreads.execute(() -> receiveLoop(thisStart));
        }
        log.info("batch receivers started group={} batchSize={} receivers={}", group, batchSize, receivers);
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
            } catch (Throwable e) {
                if (!active.get()) {
                    return;
                }
                failuresInARow++;
                log.warn("receive failed group={} (attempt {} in a row): {}", group, failuresInARow, e.toString());
                pause(Duration.ofMillis(Math.min(5_000, 200L * failuresInARow)));
                continue;
            }
            if (views.isEmpty()) {
                continue;
            }
            try {
                settle(client, views, handle(views));
            } catch (Throwable e) {
                // Whatever it is, this receiver goes on: a thread that ended here would leave the group consuming
                // less, and with its last receiver nothing, while its client, health and heartbeats all look fine.
                log.error("batch receiver failed unexpectedly group={}; receiving again in 1 s", group, e);
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * The handler's outcome per message; all failed when it throws (an {@link Error} too) or answers for other than
     * each message, so that they come back on the retry schedule and not only after the invisible duration.
     */
    private List<Boolean> handle(List<MessageView> views) {
        try {
            List<Boolean> done = handler.handle(views.stream().map(InboundMessages::from).toList());
            if (done == null || done.size() != views.size() || done.stream().anyMatch(Objects::isNull)) {
                throw new IllegalStateException("the batch handler answered " + done + " for " + views.size()
                        + " message(s); it must answer true or false for each");
            }
            return done;
        } catch (Throwable e) {
            log.error("batch handling failed unexpectedly group={} messages={}; each comes back after its back-off",
                    group, views.size(), e);
            return Collections.nCopies(views.size(), false);
        }
    }

    private void applyWantedFilter(SimpleConsumer client) throws ClientException {
        if (filter == null) {
            return;
        }
        synchronized (filterLock) {
            String wanted = filter.wanted().get();
            FilterExpression applied = client.getSubscriptionExpressions().get(filter.topic());
            if (applied != null && wanted.equals(applied.getExpression())) {
                return;
            }
            client.subscribe(filter.topic(), new FilterExpression(wanted, FilterExpressionType.TAG));
            log.info("filter changed group={} topic={} from={} to={}", group, filter.topic(),
                    applied == null ? null : applied.getExpression(), wanted);
        }
    }

    /** Acks the handled messages and backs off the others, all in flight at once, without waiting for the answers. */
    private void settle(SimpleConsumer client, List<MessageView> views, List<Boolean> done) {
        for (int i = 0; i < views.size(); i++) {
            MessageView view = views.get(i);
            CompletableFuture<Void> settled = done.get(i) ? client.ackAsync(view)
                    : client.changeInvisibleDurationAsync(view, backoff(view.getDeliveryAttempt()));
            settled.whenComplete((ok, failure) -> {
                if (failure != null) {
                    // Redelivered after the invisible duration; the inbox makes that harmless.
                    log.warn("ack or back-off not confirmed group={} messageId={}: {}", group, view.getMessageId(),
                            failure.toString());
                }
            });
        }
    }

    static Duration backoff(int deliveryAttempt) {
        return RETRY_SCHEDULE.get(Math.max(1, Math.min(deliveryAttempt, RETRY_SCHEDULE.size())) - 1);
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
            log.warn("batch receivers' client did not close cleanly group={}: {}", group, e.toString());
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
