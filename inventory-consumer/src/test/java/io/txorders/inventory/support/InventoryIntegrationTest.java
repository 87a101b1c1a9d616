package io.txorders.inventory.support;

import io.txorders.devstack.DevStackExtension;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.rocketmq.RocketMqProperties;
import io.txorders.testsupport.OrderEventsPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.FilterExpressionType;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Base of inventory-consumer's integration tests: the real service against the shared embedded stack. Tests
 * play the order service: they publish order-events transactionally (committed) and watch inventory-events.
 */
@ExtendWith(DevStackExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "txorders.admin-token=test-admin-token")
public abstract class InventoryIntegrationTest {

    private static final ClientServiceProvider provider = ClientServiceProvider.loadService();
    private static final EventCodec codec = new EventCodec();
    private static volatile OrderEventsPublisher orderEvents;
    private static final List<Event> inventoryEvents = new CopyOnWriteArrayList<>();

    @Autowired
    protected JdbcTemplate jdbc;

    /** Publishes an event to order-events as order-producer would: half message, then commit. */
    protected static void publish(Event event) {
        publishRaw(event.type().tag(), List.of(event.eventId().toString(), event.orderNo()), codec.encode(event));
    }

    /** Publishes any body with any tag to order-events (committed). */
    protected static void publishRaw(String tag, List<String> keys, byte[] body) {
        try {
            producer().publishRaw(tag, keys, body);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to order-events", e);
        }
    }

    /** What inventory published to inventory-events (as order-producer would receive it). */
    protected static List<Event> inventoryEventsFor(String orderNo) {
        return inventoryEvents.stream().filter(e -> e.orderNo().equals(orderNo)).toList();
    }

    protected void stock(String sku, int available) {
        jdbc.update("INSERT INTO stock (sku, available, reserved, sold, stocked, version, updated_at) "
                + "VALUES (?, ?, 0, 0, ?, 0, NOW(3)) ON DUPLICATE KEY UPDATE available = VALUES(available), "
                + "reserved = 0, sold = 0, stocked = VALUES(stocked)", sku, available, available);
    }

    protected int[] stockOf(String sku) {
        return jdbc.queryForObject("SELECT available, reserved, sold FROM stock WHERE sku = ?",
                (rs, i) -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3)}, sku);
    }

    protected String reservationStatus(String orderNo) {
        return jdbc.query("SELECT status FROM reservation WHERE order_no = ?", rs -> rs.next() ? rs.getString(1) : null,
                orderNo);
    }

    private static OrderEventsPublisher producer() throws Exception {
        if (orderEvents == null) {
            synchronized (InventoryIntegrationTest.class) {
                if (orderEvents == null) {
                    ClientConfiguration configuration = new RocketMqProperties(System.getProperty("rocketmq.endpoints"),
                            Duration.ofSeconds(10)).clientConfiguration();
                    provider.newPushConsumerBuilder().setClientConfiguration(configuration)
                            .setConsumerGroup(ConsumerGroup.ORDER.groupName())
                            .setSubscriptionExpressions(Map.of(Topic.INVENTORY_EVENTS.topicName(),
                                    new FilterExpression("*", FilterExpressionType.TAG)))
                            .setMessageListener(message -> {
                                byte[] body = new byte[message.getBody().remaining()];
                                message.getBody().get(body);
                                inventoryEvents.add(codec.decode(body));
                                return ConsumeResult.SUCCESS;
                            }).build();
                    orderEvents = OrderEventsPublisher.connect(configuration);
                }
            }
        }
        return orderEvents;
    }
}
