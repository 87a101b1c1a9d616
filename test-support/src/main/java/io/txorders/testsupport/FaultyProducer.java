package io.txorders.testsupport;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.RecallReceipt;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;

/**
 * A producer that fails sends the way rocketmq-client-java does (with its own exception types) while a fault is
 * set, and otherwise hands them to a real one. Lets a test put the real outbox sender (io.txorders.messaging.rocketmq.RocketMqOutboxSender) and relay
 * through a broker outage or a rejection without stopping the shared embedded broker.
 */
public final class FaultyProducer implements Producer {

    /** What to throw for a message, or null to let it through. */
    public interface Fault extends Function<Message, Throwable> {
    }

    private final Producer delegate;
    private volatile Fault fault = message -> null;

    public FaultyProducer(Producer delegate) {
        this.delegate = delegate;
    }

    public void fail(Fault fault) {
        this.fault = fault;
    }

    public void heal() {
        this.fault = message -> null;
    }

    @Override
    public SendReceipt send(Message message) throws ClientException {
        Throwable failure = fault.apply(message);
        if (failure instanceof ClientException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        return delegate.send(message);
    }

    @Override
    public SendReceipt send(Message message, Transaction transaction) {
        throw new UnsupportedOperationException("the outbox sends no transactional messages");
    }

    /** The fault applies as to {@link #send}, as a failed future (how the client reports an async failure). */
    @Override
    public CompletableFuture<SendReceipt> sendAsync(Message message) {
        Throwable failure = fault.apply(message);
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        return delegate.sendAsync(message);
    }

    @Override
    public Transaction beginTransaction() {
        throw new UnsupportedOperationException("the outbox sends no transactional messages");
    }

    @Override
    public RecallReceipt recallMessage(String topic, String recallHandle) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<RecallReceipt> recallMessageAsync(String topic, String recallHandle) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() throws IOException {
        // The delegate belongs to whoever made it.
    }
}
