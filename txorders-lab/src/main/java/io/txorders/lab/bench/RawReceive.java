package io.txorders.lab.bench;

import io.txorders.messaging.rocketmq.RocketMqProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;

/**
 * Baseline (e): how fast a bare rocketmq-client-java {@link SimpleConsumer} receives and acks messages already stored,
 * with nothing else to do: no database, no Spring, no inbox. Shaped like inventory's batched consumer
 * (the starter's {@code BatchReceivers}): one client, {@code receivers} threads each receiving up to {@code batchSize}
 * messages with a 30 s invisible duration and 5 s long poll, then acking the batch all in flight at once and
 * receiving again without waiting for the acks' answers. Its receive loop and timing serve (f) too
 * ({@link RawAnswerChain}).
 */
final class RawReceive {

    private static final Duration INVISIBLE = Duration.ofSeconds(30);
    private static final Duration AWAIT = Duration.ofSeconds(5);

    /**
     * @param acked   operations counted: messages received and acked (a failed ack is not counted), or with a key,
     *                distinct keys whose operation was confirmed
     * @param failed  operations that failed (the message comes back after the invisible duration)
     * @param repeated confirmed operations for a key already counted (a message received again, an answer sent twice)
     * @param seconds from the first receive to the operation that reached the count, or to the timeout
     * @param cpuMsPerMessage by process over that time ({@link ProcessCpu#perOperation})
     */
    record Result(long acked, long failed, long repeated, double seconds, Map<String, Double> cpuMsPerMessage) {
        double perSecond() {
            return seconds > 0 ? acked / seconds : 0;
        }
    }

    private RawReceive() {
    }

    /**
     * Receives and acks until {@code count} messages are acked or {@code timeout} has passed. The group's offsets must
     * already point at the messages (the client is built first and not timed: building resolves the route).
     *
     * @param tags the subscription's tag expression ({@code a||b}), as the consumer it is compared with subscribes
     */
    static Result run(String endpoint, String topic, String group, String tags, int batchSize, int receivers,
                      long count, Duration timeout, ProcessCpu cpu) throws Exception {
        try (SimpleConsumer consumer = consumer(configuration(endpoint), group, topic, tags)) {
            Tally acked = new Tally(count);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Runnable> loops = new ArrayList<>();
            for (int i = 0; i < receivers; i++) {
                loops.add(() -> receiveLoop(consumer, batchSize, running,
                        view -> acked.countWhenDone(consumer.ackAsync(view))));
            }
            return timed(loops, running, acked, timeout, cpu);
        }
    }

    /**
     * The configuration of every raw baseline's client: a service's own ({@link RocketMqProperties}, its default
     * request timeout), so that bare clients and the platform's differ in what they do, not in how they connect.
     */
    static ClientConfiguration configuration(String endpoint) {
        return RocketMqProperties.at(endpoint).clientConfiguration();
    }

    static SimpleConsumer consumer(ClientConfiguration configuration, String group, String topic, String tags)
            throws ClientException {
        return ClientServiceProvider.loadService().newSimpleConsumerBuilder()
                .setClientConfiguration(configuration)
                .setConsumerGroup(group)
                .setSubscriptionExpressions(Map.of(topic, new FilterExpression(tags, FilterExpressionType.TAG)))
                .setAwaitDuration(AWAIT)
                .build();
    }

    /**
     * Counts operations confirmed without failure, once per key where one is given, and completes {@link #reached} at
     * the {@code target}-th. Thread-safe.
     */
    static final class Tally {

        private final long target;
        private final AtomicLong done = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong repeated = new AtomicLong();
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final CompletableFuture<Void> reached = new CompletableFuture<>();

        Tally(long target) {
            this.target = target;
        }

        /** A failed operation is not counted (an unacked message comes back after the invisible duration). */
        void countWhenDone(CompletableFuture<?> operation) {
            countWhenDone(null, operation);
        }

        /**
         * As {@link #countWhenDone(CompletableFuture)}, and a confirmed operation for a {@code key} already counted
         * is a repeat, not counted again.
         */
        void countWhenDone(String key, CompletableFuture<?> operation) {
            operation.whenComplete((ok, failure) -> {
                if (failure != null) {
                    failed.incrementAndGet();
                } else if (key != null && !seen.add(key)) {
                    repeated.incrementAndGet();
                } else if (done.incrementAndGet() >= target) {
                    reached.complete(null);
                }
            });
        }

        long counted() {
            return Math.min(done.get(), target);
        }

        long failed() {
            return failed.get();
        }

        boolean reached() {
            return reached.isDone();
        }
    }

    /**
     * Runs each loop on a thread of its own until the tally reaches its target or {@code timeout} has passed, and
     * times it from the loops' start, with the count and the CPU of every process at that moment; then stops the
     * loops (also when interrupted).
     */
    static Result timed(List<Runnable> loops, AtomicBoolean running, Tally tally, Duration timeout, ProcessCpu cpu)
            throws InterruptedException, ExecutionException {
        ExecutorService threads = Executors.newFixedThreadPool(loops.size());
        try {
            Map<String, Duration> cpuBefore = cpu.snapshot();
            long start = System.nanoTime();
            loops.forEach(threads::execute);
            try {
                tally.reached.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // reported as fewer operations than asked for
            }
            long end = System.nanoTime();
            Map<String, Duration> cpuAfter = cpu.snapshot();
            long done = tally.counted();
            return new Result(done, tally.failed(), tally.repeated.get(), (end - start) / 1e9,
                    ProcessCpu.perOperation(cpuBefore, cpuAfter, done));
        } finally {
            running.set(false);
            threads.shutdown();
            // A receiver may be in a long poll on an empty queue: it returns within AWAIT.
            if (!threads.awaitTermination(AWAIT.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                threads.shutdownNow();
            }
        }
    }

    /**
     * Receives batches and hands each message to {@code handle} (which acks it, without waiting for the broker's
     * answer) and receives again at once, as inventory's batched consumer does.
     */
    static void receiveLoop(SimpleConsumer consumer, int batchSize, AtomicBoolean running,
                            Consumer<MessageView> handle) {
        boolean reported = false;
        while (running.get()) {
            List<MessageView> views;
            try {
                views = consumer.receive(batchSize, INVISIBLE);
            } catch (Exception e) {
                if (!running.get()) {
                    return;
                }
                pause();
                continue;
            }
            for (MessageView view : views) {
                try {
                    handle.accept(view);
                } catch (RuntimeException e) {
                    // Not acked: it comes back after the invisible duration. The loop goes on; said once per loop.
                    if (!reported) {
                        System.err.println("bench: a received message was not handled (more may follow): " + e);
                        reported = true;
                    }
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
