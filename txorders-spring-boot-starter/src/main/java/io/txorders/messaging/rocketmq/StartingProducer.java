package io.txorders.messaging.rocketmq;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.RecallReceipt;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;

/**
 * A {@link Producer} whose real client {@link RocketMqClientStarter} builds in the background: until then every call
 * fails with a {@link ClientException} ("not started yet"), which callers already treat as "broker unreachable"
 * (an order is refused with a 503, an outbox row is tried again later). Lets the services keep injecting a plain
 * {@code Producer}.
 */
public final class StartingProducer implements Producer {

    private final StartingClient<Producer> client;

    public StartingProducer(StartingClient<Producer> client) {
        this.client = client;
    }

    /** Whether the real client is started (calls go through) and not closed. */
    public boolean isStarted() {
        return client.isStarted();
    }

    @Override
    public SendReceipt send(Message message) throws ClientException {
        return client.require().send(message);
    }

    @Override
    public SendReceipt send(Message message, Transaction transaction) throws ClientException {
        return client.require().send(message, transaction);
    }

    @Override
    public CompletableFuture<SendReceipt> sendAsync(Message message) {
        try {
            return client.require().sendAsync(message);
        } catch (ClientException notStarted) {
            return CompletableFuture.failedFuture(notStarted);
        }
    }

    @Override
    public Transaction beginTransaction() throws ClientException {
        return client.require().beginTransaction();
    }

    @Override
    public RecallReceipt recallMessage(String topic, String recallHandle) throws ClientException {
        return client.require().recallMessage(topic, recallHandle);
    }

    @Override
    public CompletableFuture<RecallReceipt> recallMessageAsync(String topic, String recallHandle) {
        try {
            return client.require().recallMessageAsync(topic, recallHandle);
        } catch (ClientException notStarted) {
            return CompletableFuture.failedFuture(notStarted);
        }
    }

    /** Closes the real client, if it was started; one started later is closed at once. */
    @Override
    public void close() throws IOException {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
