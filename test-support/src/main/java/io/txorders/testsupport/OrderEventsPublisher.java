package io.txorders.testsupport;

import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.Topic;
import java.util.List;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;

/**
 * Publishes to {@code order-events} as order-producer does, for tests of its consumers: a half message, then its
 * commit (the topic takes transactional messages only), with the event id and order number as keys and the event
 * type as tag. Its check-back answers COMMIT: every transaction it opens is committed at once, so the broker can
 * only ask about one whose commit was lost on the way. Thread-safe.
 */
public final class OrderEventsPublisher implements AutoCloseable {

    private static final ClientServiceProvider provider = ClientServiceProvider.loadService();

    private final Producer producer;
    private final EventCodec codec = new EventCodec();

    private OrderEventsPublisher(Producer producer) {
        this.producer = producer;
    }

    /**
     * A publisher connected as {@code configuration} says: the service's own {@code ClientConfiguration} bean in a
     * Spring test, else the starter's {@code RocketMqProperties.at(endpoints).clientConfiguration()}, so that tests
     * connect as the services do.
     *
     * @throws IllegalStateException if the producer cannot start (no route to order-events)
     */
    public static OrderEventsPublisher connect(ClientConfiguration configuration) {
        try {
            return new OrderEventsPublisher(provider.newProducerBuilder()
                    .setClientConfiguration(configuration)
                    .setTopics(Topic.ORDER_EVENTS.topicName())
                    .setTransactionChecker(message -> TransactionResolution.COMMIT)
                    .build());
        } catch (ClientException e) {
            throw new IllegalStateException("cannot start a producer for order-events at "
                    + configuration.getEndpoints(), e);
        }
    }

    /** Publishes and commits one event; each call is a message of its own, also for the same event. */
    public void publish(Event event) {
        publishRaw(event.type().tag(), List.of(event.eventId().toString(), event.orderNo()), codec.encode(event));
    }

    /** Publishes and commits any body under any tag and keys (e.g. one that no consumer can read). */
    public void publishRaw(String tag, List<String> keys, byte[] body) {
        try {
            Transaction transaction = producer.beginTransaction();
            producer.send(provider.newMessageBuilder().setTopic(Topic.ORDER_EVENTS.topicName()).setTag(tag)
                    .setKeys(keys.toArray(String[]::new)).setBody(body).build(), transaction);
            transaction.commit();
        } catch (ClientException e) {
            throw new IllegalStateException("cannot publish to order-events", e);
        }
    }

    @Override
    public void close() {
        try {
            producer.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
