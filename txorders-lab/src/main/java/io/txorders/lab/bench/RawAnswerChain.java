package io.txorders.lab.bench;

import io.txorders.lab.bench.RawReceive.Tally;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;

/**
 * Baseline (f): the broker's part of draining one OrderCreated, with bare rocketmq-client-java clients and nothing
 * else (no database, no Spring, no inbox, no outbox). A {@link SimpleConsumer} receives the message, as inventory's
 * batched consumer does; a {@link Producer} sends one answer for it to a topic of the bench's own and the message is
 * acked once the answer is stored, as inventory's relay sends its StockReserved; a second {@link SimpleConsumer}
 * receives and acks the answers, as order-producer does. A message counts once its answer's ack is confirmed (once,
 * however often it was answered): two receive+acks and a send, which is what any consumer that answers through the
 * broker costs at the least, and what the drain is compared with in {@code ratios.drain_vs_raw_answer_chain}. Both
 * consumers are shaped like {@link RawReceive} ((e)): the same batch size, receiver threads each (so twice as many in
 * all), invisible duration and long poll.
 */
final class RawAnswerChain {

    /** About the size of a StockReserved body. */
    private static final byte[] ANSWER = ("{\"type\":\"StockReserved\",\"version\":1,\"eventId\":\"00000000-0000-0000-"
            + "0000-000000000000\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"orderNo\":\"0000000000000000000000\"}")
            .getBytes(StandardCharsets.UTF_8);

    private RawAnswerChain() {
    }

    /**
     * (f)'s outcome.
     *
     * @param answers the answers received and acked, once per message answered ({@link RawReceive.Result#acked}),
     *                with the second consumer's failed acks and repeated answers (a message answered twice)
     * @param answerFailures messages whose answer could not be sent or which could not be acked after it (they come
     *                       back after the invisible duration and are answered again)
     */
    record Result(RawReceive.Result answers, long answerFailures) {
    }

    /**
     * Receives, answers and receives the answers until {@code count} messages' answers are acked or {@code timeout}
     * has passed. The first group's offsets must already point at the messages; the answer group's at the answer
     * topic's end (every client is built first and not timed: building resolves the routes). At most
     * {@code batchSize × receivers} answers are in flight at once, as many as the receivers hold: an unbounded number
     * of sends would outrun the client's request timeout and answer messages twice.
     *
     * @param answerTopic a NORMAL topic nobody else consumes
     */
    static Result run(String endpoint, String topic, String group, String tags, String answerTopic,
                      String answerGroup, int batchSize, int receivers, long count, Duration timeout, ProcessCpu cpu)
            throws Exception {
        ClientConfiguration configuration = RawReceive.configuration(endpoint);
        ClientServiceProvider provider = ClientServiceProvider.loadService();
        try (SimpleConsumer first = RawReceive.consumer(configuration, group, topic, tags);
             Producer producer = provider.newProducerBuilder().setClientConfiguration(configuration)
                     .setTopics(answerTopic).build();
             SimpleConsumer answers = RawReceive.consumer(configuration, answerGroup, answerTopic,
                     FilterExpression.SUB_ALL.getExpression())) {
            // Counted once per original message (its id is the answer's key): a message answered twice counts once.
            Tally answered = new Tally(count);
            Tally sent = new Tally(Long.MAX_VALUE);
            Semaphore inFlight = new Semaphore(batchSize * receivers);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Runnable> loops = new ArrayList<>();
            for (int i = 0; i < receivers; i++) {
                loops.add(() -> RawReceive.receiveLoop(first, batchSize, running, view -> {
                    if (!acquire(inFlight, running)) {
                        return;
                    }
                    // A failed send or ack leaves the message to come back after the invisible duration.
                    CompletableFuture<?> answeredThenAcked = producer.sendAsync(answer(provider, answerTopic, view))
                            .thenCompose(receipt -> first.ackAsync(view));
                    answeredThenAcked.whenComplete((ok, failure) -> inFlight.release());
                    sent.countWhenDone(answeredThenAcked);
                }));
                loops.add(() -> RawReceive.receiveLoop(answers, batchSize, running,
                        view -> answered.countWhenDone(String.join(",", view.getKeys()), answers.ackAsync(view))));
            }
            return new Result(RawReceive.timed(loops, running, answered, timeout, cpu), sent.failed());
        }
    }

    /** Waits for room in flight while the run goes on; {@code false} once it stopped. */
    private static boolean acquire(Semaphore inFlight, AtomicBoolean running) {
        try {
            while (running.get()) {
                if (inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static Message answer(ClientServiceProvider provider, String answerTopic, MessageView received) {
        return provider.newMessageBuilder().setTopic(answerTopic).setTag("StockReserved")
                .setKeys(received.getMessageId().toString()).setBody(ANSWER).build();
    }
}
