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
import io.txorders.messaging.rocketmq.SimpleConsumers;
import io.txorders.messaging.rocketmq.StartingClient;
import java.time.Duration;
import java.util.Map;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
    @ConditionalOnBooleanProperty(name = "inventory.consumer.enabled", matchIfMissing = true)
    @ConditionalOnProperty(name = "inventory.consumer.mode", havingValue = "batch", matchIfMissing = true)
    BatchReceivers batchedOrderEventsConsumer(SimpleConsumers simpleConsumers, OrderEventsListener listener,
                                              @Value("${inventory.consumer.batch-size:32}") int batchSize,
                                              @Value("${inventory.consumer.receivers:4}") int receivers) {
        StartingClient<SimpleConsumer> consumer = simpleConsumers.register(GROUP, Topic.ORDER_EVENTS, subscribedTags(),
                Duration.ofSeconds(5));
        return new BatchReceivers(consumer, GROUP.groupName(), listener::handleBatch, batchSize, receivers);
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
    ConsumerGroupHandler inventoryGroup(OrderEventsListener listener,
                                        @Value("${inventory.consumer.enabled:true}") boolean consuming,
                                        @Value("${inventory.consumer.mode:batch}") String mode,
                                        @Value("${inventory.consumer.threads:8}") int threads) {
        PushSubscription push = singleMode(mode)
                ? new PushSubscription(Map.of(Topic.ORDER_EVENTS, subscribedTags()), threads) : null;
        return new ConsumerGroupHandler(GROUP, listener::handle, consuming, push);
    }

    /**
     * Whether {@code inventory.consumer.mode} asks for the push consumer, in any case.
     *
     * @throws IllegalArgumentException for a mode that is neither {@code batch} nor {@code single} (e.g. a typo or an
     *         empty value): the batch receivers' condition would not match it either, and the group would run with no
     *         consumer at all, silently, instead of failing the start-up
     */
    static boolean singleMode(String mode) {
        if ("single".equalsIgnoreCase(mode)) {
            return true;
        }
        if ("batch".equalsIgnoreCase(mode)) {
            return false;
        }
        throw new IllegalArgumentException("inventory.consumer.mode must be batch or single, got '" + mode + "'");
    }

    @Bean
    OrderEventsListener orderEventsListener(IdempotentConsumer orderEventsConsumer, ReservationService reservations) {
        return new OrderEventsListener(orderEventsConsumer, reservations);
    }
}
