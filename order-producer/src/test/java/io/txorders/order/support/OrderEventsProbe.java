package io.txorders.order.support;

import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.rocketmq.RocketMqProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;

/**
 * Stands in for the downstream consumers in order-producer's tests: a real push consumer of
 * {@code order-events} (in the inventory consumer group, whose service does not run in this JVM) that records
 * every delivery, so tests can assert what was delivered and how often.
 */
public final class OrderEventsProbe {

    private static volatile OrderEventsProbe instance;

    private final EventCodec codec = new EventCodec();
    private final List<Event> deliveries = new CopyOnWriteArrayList<>();
    private final List<Delivery> raw = new CopyOnWriteArrayList<>();

    /** One delivery as the broker handed it over, with its user properties (the trace context among them). */
    public record Delivery(UUID eventId, String tag, List<String> keys, byte[] body, Map<String, String> properties) {
    }

    private OrderEventsProbe() {
    }

    /** The probe of this JVM, subscribed on first use (the devstack must be up). */
    public static OrderEventsProbe get() {
        if (instance == null) {
            synchronized (OrderEventsProbe.class) {
                if (instance == null) {
                    OrderEventsProbe probe = new OrderEventsProbe();
                    probe.subscribe();
                    instance = probe;
                }
            }
        }
        return instance;
    }

    private void subscribe() {
        ClientServiceProvider provider = ClientServiceProvider.loadService();
        try {
            provider.newPushConsumerBuilder()
                    .setClientConfiguration(new RocketMqProperties(System.getProperty("rocketmq.endpoints"),
                            Duration.ofSeconds(10)).clientConfiguration())
                    .setConsumerGroup(ConsumerGroup.INVENTORY.groupName())
                    .setSubscriptionExpressions(Map.of(Topic.ORDER_EVENTS.topicName(),
                            new FilterExpression("*", FilterExpressionType.TAG)))
                    .setMessageListener(message -> {
                        byte[] body = new byte[message.getBody().remaining()];
                        message.getBody().get(body);
                        Event event = codec.decode(body);
                        raw.add(new Delivery(event.eventId(), message.getTag().orElse(null),
                                List.copyOf(message.getKeys()), body, Map.copyOf(message.getProperties())));
                        deliveries.add(event);
                        return ConsumeResult.SUCCESS;
                    })
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot subscribe to order-events", e);
        }
    }

    /** Every delivery of the event with this id (more than one would be a duplicate). */
    public List<Event> deliveriesOf(UUID eventId) {
        return deliveries.stream().filter(e -> e.eventId().equals(eventId)).toList();
    }

    /** Every delivery of the event with this id, with its tag, keys and body bytes. */
    public List<Delivery> rawDeliveriesOf(UUID eventId) {
        return raw.stream().filter(d -> d.eventId().equals(eventId)).toList();
    }

    /** Every delivery about this order (its number is the second key), as the broker handed it over. */
    public List<Delivery> rawDeliveriesFor(String orderNo) {
        return raw.stream().filter(d -> d.keys().contains(orderNo)).toList();
    }

    /** Every delivery about this order. */
    public List<Event> deliveriesFor(String orderNo) {
        return deliveries.stream().filter(e -> e.orderNo().equals(orderNo)).toList();
    }
}
