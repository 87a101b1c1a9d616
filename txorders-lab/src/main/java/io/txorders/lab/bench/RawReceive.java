package io.txorders.lab.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.apis.ClientConfiguration;
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
 * receiving again without waiting for the acks' answers.
 */
final class RawReceive {

    private static final Duration INVISIBLE = Duration.ofSeconds(30);
    private static final Duration AWAIT = Duration.ofSeconds(5);

    /**
     * @param acked   messages received and acked (a failed ack is not counted)
     * @param seconds from the first receive to the ack that reached the count, or to the timeout
     * @param cpuMsPerMessage by process over that time ({@link ProcessCpu#perOperation})
     */
    record Result(long acked, double seconds, Map<String, Double> cpuMsPerMessage) {
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
        ClientConfiguration configuration = ClientConfiguration.newBuilder().setEndpoints(endpoint).enableSsl(false)
                .build();
        try (SimpleConsumer consumer = ClientServiceProvider.loadService().newSimpleConsumerBuilder()
                .setClientConfiguration(configuration)
                .setConsumerGroup(group)
                .setSubscriptionExpressions(Map.of(topic, new FilterExpression(tags, FilterExpressionType.TAG)))
                .setAwaitDuration(AWAIT)
                .build()) {
            AtomicLong acked = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            CompletableFuture<Void> reached = new CompletableFuture<>();
            ExecutorService threads = Executors.newFixedThreadPool(receivers);
            Map<String, Duration> cpuBefore = cpu.snapshot();
            long start = System.nanoTime();
            for (int i = 0; i < receivers; i++) {
                threads.execute(() -> receiveLoop(consumer, batchSize, running, acked, count, reached));
            }
            try {
                reached.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // reported as fewer messages acked than asked for
            }
            long end = System.nanoTime();
            Map<String, Duration> cpuAfter = cpu.snapshot();
            running.set(false);
            threads.shutdown();
            // A receiver may be in a long poll on an empty queue: it returns within AWAIT.
            threads.awaitTermination(AWAIT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            long done = Math.min(acked.get(), count);
            return new Result(done, (end - start) / 1e9, ProcessCpu.perOperation(cpuBefore, cpuAfter, done));
        }
    }

    /**
     * Receives batches and acks each message without waiting for the broker's answer before the next receive, as
     * inventory's batched consumer does: a message counts once its ack is confirmed.
     */
    private static void receiveLoop(SimpleConsumer consumer, int batchSize, AtomicBoolean running, AtomicLong acked,
                                    long count, CompletableFuture<Void> reached) {
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
                consumer.ackAsync(view).whenComplete((ok, failure) -> {
                    // A failed ack is not counted: the message comes back after the invisible duration.
                    if (failure == null && acked.incrementAndGet() >= count) {
                        reached.complete(null);
                    }
                });
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
