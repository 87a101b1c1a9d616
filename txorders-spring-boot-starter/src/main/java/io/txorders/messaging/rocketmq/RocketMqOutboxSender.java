package io.txorders.messaging.rocketmq;

import io.txorders.messaging.outbox.OutboxEntry;
import io.txorders.messaging.outbox.OutboxMessageRejectedException;
import io.txorders.messaging.outbox.OutboxMessageSender;
import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.tracing.TraceHeaders;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.java.exception.BadRequestException;
import org.apache.rocketmq.client.java.exception.PayloadEmptyException;
import org.apache.rocketmq.client.java.exception.PayloadTooLargeException;
import org.apache.rocketmq.client.java.exception.RequestHeaderFieldsTooLargeException;
import org.apache.rocketmq.client.java.exception.UnsupportedException;

/**
 * Sends outbox rows to their topic as NORMAL messages; keys are the event id and the order number.
 *
 * <p>Tells the relay whether the broker refused the message itself ({@link OutboxMessageRejectedException}: the row
 * may end DEAD) or could not take it for now (anything else: the row is tried again for as long as it takes). What
 * counts as a refusal, by the exception rocketmq-client-java 5.1.0 maps the proxy's status code to
 * ({@code StatusChecker}):
 * <ul>
 *   <li>refused: {@link BadRequestException} (an illegal topic, tag, key, property or a corrupted message),
 *       {@link PayloadTooLargeException}, {@link PayloadEmptyException}, {@link RequestHeaderFieldsTooLargeException}
 *       (properties too large), {@link UnsupportedException} (a message or request this broker does not support);
 *       and a row this service cannot even turn into a message (unknown event type, a key the builder refuses).
 *       The same bytes get the same answer;
 *   <li>not for now: every other {@link ClientException} — a plain one wrapping a gRPC UNAVAILABLE or
 *       DEADLINE_EXCEEDED, the producer not started yet, {@code ProxyTimeoutException},
 *       {@code TooManyRequestsException}, {@code InternalErrorException}, {@code NotFoundException} (no route, the
 *       topic not created yet) — and every unchecked exception of the client ("producer is not running").
 *       {@code UnauthorizedException}, {@code ForbiddenException} and {@code PaymentRequiredException} belong here
 *       too: they are about this service's credentials and account, not the message, and would fail every row
 *       alike; making each one DEAD would turn a credentials rotation into lost reservation outcomes, whereas
 *       waiting keeps them and the outbox age alert calls an operator.
 * </ul>
 * The BAD_REQUEST family also holds codes about the client rather than the message (an illegal access point, a
 * missing client id); a producer configured that wrongly does not start, so the relay never sends with it.
 */
public class RocketMqOutboxSender implements OutboxMessageSender {

    private final Producer producer;
    private final BooleanSupplier ready;
    private final ClientServiceProvider provider;

    public RocketMqOutboxSender(StartingProducer producer, ClientServiceProvider provider) {
        this(producer, producer::isStarted, provider);
    }

    public RocketMqOutboxSender(Producer producer, BooleanSupplier ready, ClientServiceProvider provider) {
        this.producer = producer;
        this.ready = ready;
        this.provider = provider;
    }

    /** Not before the producer is started: a row's attempts are for the broker's answers, not for start-up. */
    @Override
    public boolean ready() {
        return ready.getAsBoolean();
    }

    /**
     * @throws OutboxMessageRejectedException if the broker refused the message as such (see the class comment)
     * @throws IllegalStateException if the broker did not confirm for any other reason; it may still have stored
     *         the message
     */
    /** {@link #sendAsync}, waited for: one path, so the relay's sends and this one classify failures alike. */
    @Override
    public void send(OutboxEntry entry) {
        try {
            sendAsync(entry).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause
                    : new IllegalStateException("RocketMQ did not confirm " + entry.eventType() + " eventId="
                            + entry.eventId() + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * Sends; the future fails with {@link OutboxMessageRejectedException} or another exception as the class comment
     * says. A row that is no valid message fails at once, without a send.
     */
    @Override
    public CompletableFuture<Void> sendAsync(OutboxEntry entry) {
        Message message;
        try {
            message = message(entry);
        } catch (OutboxMessageRejectedException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<SendReceipt> sending;
        try {
            sending = producer.sendAsync(message);
        } catch (RuntimeException e) {
            // e.g. "producer is not running": not for now (see the class comment).
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        sending.whenComplete((receipt, failure) -> {
            if (failure == null) {
                sent.complete(null);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            sent.completeExceptionally(cause instanceof ClientException e ? notConfirmed(entry, e) : cause);
        });
        return sent;
    }

    private static RuntimeException notConfirmed(OutboxEntry entry, ClientException e) {
        if (refusesTheMessage(e)) {
            return new OutboxMessageRejectedException("RocketMQ rejected " + entry.eventType() + " eventId="
                    + entry.eventId() + ": " + e.getMessage(), e);
        }
        return new IllegalStateException("RocketMQ did not confirm " + entry.eventType() + " eventId="
                + entry.eventId() + ": " + e.getMessage(), e);
    }

    private Message message(OutboxEntry entry) {
        try {
            EventType type = EventType.valueOf(entry.eventType());
            return TraceHeaders.decode(entry.traceContext()).addTo(provider.newMessageBuilder())
                    .setTopic(type.topic().topicName())
                    .setTag(type.tag())
                    .setKeys(entry.eventId().toString(), entry.orderNo())
                    .setBody(entry.payload().getBytes(StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new OutboxMessageRejectedException("outbox row " + entry.id() + " is not a valid message: " + e, e);
        }
    }

    /** Whether the broker judged the message itself; see the class comment. */
    static boolean refusesTheMessage(ClientException e) {
        return e instanceof BadRequestException
                || e instanceof PayloadTooLargeException
                || e instanceof PayloadEmptyException
                || e instanceof RequestHeaderFieldsTooLargeException
                || e instanceof UnsupportedException;
    }
}
