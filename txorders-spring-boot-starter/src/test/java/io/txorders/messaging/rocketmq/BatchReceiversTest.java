package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.txorders.messaging.inbox.InboundMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageId;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The receivers' settings are checked when they are built, so that a service with a batch size the client or the
 * broker refuses does not start, where it used to run with receivers retrying a refused receive forever.
 */
class BatchReceiversTest {

    @SuppressWarnings("unchecked")
    private final StartingClient<SimpleConsumer> client = mock(StartingClient.class);
    private final BatchReceivers.BatchHandler handler = messages -> List.of();

    @ParameterizedTest
    @CsvSource({"0, 4", "33, 4", "64, 4", "32, 0", "-1, -1"})
    void aBatchSizeOrReceiversOutOfRangeAreRefusedNamingTheGroup(int batchSize, int receivers) {
        assertThatThrownBy(() -> new BatchReceivers(client, "inventory-consumer", handler, batchSize, receivers))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("inventory-consumer: the batch size must be 1 to 32")
                .hasMessageEndingWith("got batch size " + batchSize + ", receivers " + receivers);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "32, 4"})
    void theBoundsThemselvesAreAccepted(int batchSize, int receivers) {
        assertThatCode(() -> new BatchReceivers(client, "inventory-consumer", handler, batchSize, receivers))
                .doesNotThrowAnyException();
    }

    @Test
    void aFailedMessageComesBackOnThePushConsumersScheduleSoAnHourLongOutageIsOutlived() {
        assertThat(BatchReceivers.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(BatchReceivers.backoff(2)).isEqualTo(Duration.ofSeconds(5));
        assertThat(BatchReceivers.backoff(5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(BatchReceivers.backoff(18)).isEqualTo(Duration.ofHours(2));
        assertThat(BatchReceivers.backoff(100)).isEqualTo(Duration.ofHours(2));
        Duration aDefaultGroupsSixteenRetries = IntStream.rangeClosed(1, 16).mapToObj(BatchReceivers::backoff)
                .reduce(Duration.ZERO, Duration::plus);
        assertThat(aDefaultGroupsSixteenRetries).isEqualTo(Duration.ofSeconds(6346));
    }

    /**
     * A handler that throws, an {@link Error} too, or answers for other than each message: the batch comes back on the
     * retry schedule (1 s after a first attempt) and the one receiver goes on. It used to end on an Error or a wrong
     * answer (the group then consumed nothing, with health and heartbeats all fine) and to leave a thrown-at batch
     * to the 30 s invisible duration.
     */
    @ParameterizedTest
    @ValueSource(strings = {"error", "runtime", "no-answer", "null"})
    void aFailingHandlerFailsItsBatchOnTheScheduleAndTheReceiverGoesOn(String failure) throws Exception {
        MessageView first = message("m-1");
        MessageView second = message("m-2");
        SimpleConsumer simpleConsumer = receiving(first, second);
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        BatchReceivers.BatchHandler failingOnce = messages -> {
            InboundMessage only = messages.get(0);
            handled.add(only.messageId());
            if (!only.messageId().equals("m-1")) {
                return List.of(true);
            }
            return switch (failure) {
                case "error" -> throw new StackOverflowError("deep");
                case "runtime" -> throw new IllegalStateException("database down");
                case "no-answer" -> List.of();
                default -> null;
            };
        };
        BatchReceivers receivers = new BatchReceivers(started(simpleConsumer), "inventory-consumer", failingOnce, 1, 1);
        receivers.start();
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> verify(simpleConsumer).ackAsync(second));
            verify(simpleConsumer).changeInvisibleDurationAsync(first, Duration.ofSeconds(1));
            verify(simpleConsumer, never()).ackAsync(first);
            assertThat(handled).startsWith("m-1", "m-2");
        } finally {
            receivers.stop();
        }
    }

    @SuppressWarnings("unchecked")
    private static StartingClient<SimpleConsumer> started(SimpleConsumer simpleConsumer) throws Exception {
        StartingClient<SimpleConsumer> startingClient = mock(StartingClient.class);
        when(startingClient.isStarted()).thenReturn(true);
        when(startingClient.require()).thenReturn(simpleConsumer);
        return startingClient;
    }

    /**
     * A client that receives the given messages one at a time, then nothing: like the broker's long poll, a receive
     * waits for a message (here at most 20 ms) before it answers empty, so idle receivers do not spin.
     */
    private static SimpleConsumer receiving(MessageView... messages) throws Exception {
        LinkedBlockingQueue<MessageView> queue = new LinkedBlockingQueue<>(List.of(messages));
        SimpleConsumer simpleConsumer = mock(SimpleConsumer.class);
        when(simpleConsumer.receive(anyInt(), any(Duration.class))).thenAnswer(invocation -> {
            MessageView next = queue.poll(20, TimeUnit.MILLISECONDS);
            return next == null ? List.of() : List.of(next);
        });
        when(simpleConsumer.ackAsync(any())).thenReturn(CompletableFuture.completedFuture(null));
        when(simpleConsumer.changeInvisibleDurationAsync(any(), any())).thenReturn(CompletableFuture.completedFuture(null));
        return simpleConsumer;
    }

    private static MessageView message(String id) {
        MessageView view = mock(MessageView.class);
        MessageId messageId = mock(MessageId.class);
        when(messageId.toString()).thenReturn(id);
        when(view.getMessageId()).thenReturn(messageId);
        when(view.getTopic()).thenReturn("order-events");
        when(view.getBody()).thenReturn(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)));
        when(view.getTag()).thenReturn(Optional.of("OrderCreated"));
        when(view.getKeys()).thenReturn(List.of());
        when(view.getDeliveryAttempt()).thenReturn(1);
        when(view.getProperties()).thenReturn(Map.of());
        return view;
    }
}
