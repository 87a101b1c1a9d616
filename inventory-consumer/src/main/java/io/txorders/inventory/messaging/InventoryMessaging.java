package io.txorders.inventory.messaging;

import io.txorders.inventory.reservation.ReservationService;
import io.txorders.messaging.autoconfigure.IdempotentConsumers;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.inbox.ConsumerGroupHandler;
import io.txorders.messaging.inbox.ConsumerGroupHandler.PushSubscription;
import io.txorders.messaging.inbox.IdempotentConsumer;
import io.txorders.messaging.rocketmq.BatchReceivers;
import io.txorders.messaging.rocketmq.ConditionalOnBatchReceiving;
import io.txorders.messaging.rocketmq.ConsumptionMode;
import io.txorders.messaging.rocketmq.SimpleConsumers;
import io.txorders.messaging.rocketmq.StartingClient;
import java.time.Duration;
import java.util.Map;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * inventory-consumer's consumption of order events, its clients built by the starter: retried while the broker is
 * not there yet at start-up. Its answers go out through the starter's outbox and relay
 * ({@code txorders.outbox.*} in application.yml).
 */
@Configuration(proxyBeanMethods = false)
class InventoryMessaging {

    static final ConsumerGroup GROUP = ConsumerGroup.INVENTORY;

    @Bean
    IdempotentConsumer orderEventsConsumer(IdempotentConsumers consumers) {
        return consumers.forGroup(GROUP);
    }

    /**
     * The default ({@code inventory.consumer.mode=batch}): up to {@code inventory.consumer.batch-size} messages per
     * receive, runs of OrderCreated reserved in one transaction each (see the starter's {@link BatchReceivers}).
     * {@code mode=single} keeps one message per transaction, for comparison: the starter's push consumer of the group
     * ({@link #inventoryGroup}).
     */
    @Bean
    @ConditionalOnBatchReceiving(InventoryConsumerProperties.PREFIX)
    BatchReceivers batchedOrderEventsConsumer(SimpleConsumers simpleConsumers, OrderEventsListener listener,
                                              InventoryConsumerProperties settings) {
        StartingClient<SimpleConsumer> consumer = simpleConsumers.register(GROUP, Topic.ORDER_EVENTS, subscribedTags(),
                Duration.ofSeconds(5));
        return new BatchReceivers(consumer, GROUP.groupName(), listener::handleBatch, settings.batchSize(),
                settings.receivers());
    }

    private static String subscribedTags() {
        return String.join("||", EventType.OrderCreated.tag(), EventType.OrderPaid.tag(),
                EventType.OrderCancelled.tag());
    }

    /**
     * Dead letters of the group are captured (when this instance consumes) and resubmitted through the listener. With
     * {@code inventory.consumer.mode=single} the starter also runs the group's push consumer, one message per
     * transaction on {@code inventory.consumer.threads} threads; in the default batch mode the
     * {@link BatchReceivers} receive instead.
     */
    @Bean
    ConsumerGroupHandler inventoryGroup(OrderEventsListener listener, InventoryConsumerProperties settings) {
        PushSubscription push = settings.mode() == ConsumptionMode.SINGLE
                ? new PushSubscription(Map.of(Topic.ORDER_EVENTS, subscribedTags()), settings.threads()) : null;
        return new ConsumerGroupHandler(GROUP, listener::handle, settings.enabled(), push);
    }

    @Bean
    OrderEventsListener orderEventsListener(IdempotentConsumer orderEventsConsumer, ReservationService reservations) {
        return new OrderEventsListener(orderEventsConsumer, reservations);
    }
}
