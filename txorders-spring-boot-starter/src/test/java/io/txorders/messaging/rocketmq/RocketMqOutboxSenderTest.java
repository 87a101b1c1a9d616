package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txorders.testsupport.FaultyProducer;
import io.txorders.messaging.outbox.OutboxEntry;
import io.txorders.messaging.outbox.OutboxMessageRejectedException;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.java.exception.BadRequestException;
import org.apache.rocketmq.client.java.exception.ForbiddenException;
import org.apache.rocketmq.client.java.exception.InternalErrorException;
import org.apache.rocketmq.client.java.exception.NotFoundException;
import org.apache.rocketmq.client.java.exception.PayloadEmptyException;
import org.apache.rocketmq.client.java.exception.PayloadTooLargeException;
import org.apache.rocketmq.client.java.exception.PaymentRequiredException;
import org.apache.rocketmq.client.java.exception.ProxyTimeoutException;
import org.apache.rocketmq.client.java.exception.RequestHeaderFieldsTooLargeException;
import org.apache.rocketmq.client.java.exception.TooManyRequestsException;
import org.apache.rocketmq.client.java.exception.UnauthorizedException;
import org.apache.rocketmq.client.java.exception.UnsupportedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which failures of rocketmq-client-java 5.1.0 the relay may give up on (the broker refused the message) and which it
 * must wait out (the broker was not there, not in time, or not for this client right now).
 */
class RocketMqOutboxSenderTest {

    private static final ClientServiceProvider provider = ClientServiceProvider.loadService();
    private static final OutboxEntry ROW = new OutboxEntry(7, UUID.randomUUID(), "StockReserved", "T1", "{}", 0, null);

    static Stream<Throwable> brokerRefusedTheMessage() {
        return Stream.of(
                new BadRequestException(40001, "req-1", "illegal message tag"),
                new PayloadTooLargeException(41301, "req-2", "message body too large"),
                new PayloadEmptyException(41401, "req-3", "message body empty"),
                new RequestHeaderFieldsTooLargeException(43101, "req-4", "message properties too large"),
                new UnsupportedException(50001, "req-5", "unsupported"));
    }

    static Stream<Throwable> brokerNotAvailable() {
        return Stream.of(
                // A gRPC UNAVAILABLE or DEADLINE_EXCEEDED arrives wrapped in a plain ClientException.
                new ClientException("UNAVAILABLE: io exception", new RuntimeException("Connection refused")),
                new ClientException("RocketMQ client inventoryEventsProducer is not started yet (UNAVAILABLE)"),
                new ProxyTimeoutException(50401, "req-6", "proxy timeout"),
                new TooManyRequestsException(42901, "req-7", "flow control"),
                new InternalErrorException(50001, "req-8", "internal error"),
                new NotFoundException(40402, "req-9", "topic not found"),
                new UnauthorizedException(40101, "req-10", "bad credentials"),
                new ForbiddenException(40301, "req-11", "no permission"),
                new PaymentRequiredException(40201, "req-12", "account suspended"),
                new IllegalStateException("Producer is not running now"));
    }

    @ParameterizedTest
    @MethodSource("brokerRefusedTheMessage")
    void aMessageTheBrokerRefusesIsARejection(Throwable failure) {
        assertThatThrownBy(() -> sender(failure).send(ROW))
                .isInstanceOf(OutboxMessageRejectedException.class)
                .hasCause(failure)
                .hasMessageContaining(ROW.eventId().toString());
    }

    @ParameterizedTest
    @MethodSource("brokerNotAvailable")
    void aBrokerThatCannotTakeTheMessageNowIsNotARejection(Throwable failure) {
        assertThatThrownBy(() -> sender(failure).send(ROW))
                .isNotInstanceOf(OutboxMessageRejectedException.class)
                .isInstanceOf(RuntimeException.class)
                .satisfies(e -> assertThat(e == failure || e.getCause() == failure).isTrue());
    }

    @Test
    void aRowThatIsNoMessageAtAllIsARejectionWithoutASend() {
        OutboxEntry unknownType = new OutboxEntry(8, UUID.randomUUID(), "StockTeleported", "T1", "{}", 0, null);

        assertThatThrownBy(() -> sender(new AssertionError("must not send")).send(unknownType))
                .isInstanceOf(OutboxMessageRejectedException.class)
                .hasMessageContaining("outbox row 8");
    }

    @Test
    void readinessIsTheProducers() {
        assertThat(new RocketMqOutboxSender(new FaultyProducer(null), () -> false, provider).ready()).isFalse();
        assertThat(new RocketMqOutboxSender(new FaultyProducer(null), () -> true, provider).ready()).isTrue();
    }

    private static RocketMqOutboxSender sender(Throwable failure) {
        FaultyProducer producer = new FaultyProducer(null);
        producer.fail(message -> failure instanceof AssertionError error ? rethrow(error) : failure);
        return new RocketMqOutboxSender(producer, () -> true, provider);
    }

    private static Throwable rethrow(AssertionError error) {
        throw error;
    }
}
