package io.txorders.order.messaging;

import io.txorders.messaging.autoconfigure.IdempotentConsumers;
import io.txorders.messaging.autoconfigure.PublisherProperties;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.inbox.ConsumeOutcome;
import io.txorders.messaging.inbox.ConsumerGroupHandler;
import io.txorders.messaging.inbox.ConsumerGroupHandler.PushSubscription;
import io.txorders.messaging.inbox.IdempotentConsumer;
import io.txorders.messaging.inbox.InboundMessage;
import io.txorders.messaging.rocketmq.BatchReceivers;
import io.txorders.messaging.rocketmq.BatchReceivers.BatchHandler;
import io.txorders.messaging.rocketmq.BatchReceivers.FollowedFilter;
import io.txorders.messaging.rocketmq.ConditionalOnBatchReceiving;
import io.txorders.messaging.rocketmq.ConsumptionMode;
import io.txorders.messaging.rocketmq.SimpleConsumers;
import io.txorders.messaging.rocketmq.StartingClient;
import io.txorders.order.order.OrderProperties;
import io.txorders.order.order.OrderService;
import io.txorders.order.webhook.WebhookEventFilter;
import io.txorders.order.webhook.WebhookProperties;
import io.txorders.order.webhook.WebhookService;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What order-producer consumes, and how: its consumer groups for the starter to run. The transactional publish of
 * order events and its check-back come from the starter ({@code txorders.publisher.*} in application.yml); this
 * service adds only its {@link FaultInjection} hooks for the simulations.
 */
@Configuration(proxyBeanMethods = false)
class OrderMessaging {

    private static final Logger log = LoggerFactory.getLogger(OrderMessaging.class);

    /** The webhook group receives order events only. */
    private static final Topic WEBHOOK_TOPIC = Topic.ORDER_EVENTS;

    @Bean
    IdempotentConsumer orderProducerConsumer(IdempotentConsumers consumers) {
        return consumers.forGroup(ConsumerGroup.ORDER);
    }

    @Bean
    IdempotentConsumer orderTimeoutsConsumer(IdempotentConsumers consumers) {
        return consumers.forGroup(ConsumerGroup.ORDER_TIMEOUTS);
    }

    /** The reservation outcomes from inventory, through the inbox of group {@code order-producer}. */
    @Bean
    InboundEventsListener inboundEventsListener(IdempotentConsumer orderProducerConsumer, OrderService orders,
                                                TransactionTemplate transactions) {
        return new InboundEventsListener(orderProducerConsumer, orders, transactions);
    }

    /** The payment deadlines, through the inbox of group {@code order-producer-timeouts}. */
    @Bean
    InboundEventsListener orderTimeoutsListener(IdempotentConsumer orderTimeoutsConsumer, OrderService orders,
                                                TransactionTemplate transactions) {
        return new InboundEventsListener(orderTimeoutsConsumer, orders, transactions);
    }

    /**
     * Order events → notification tasks, through the inbox of group {@code order-webhooks}. An event no
     * subscription wants (the tag filter lets one through while it changes) is acknowledged as IGNORED without a
     * transaction.
     */
    @Bean
    Predicate<InboundMessage> webhookTasksHandler(IdempotentConsumer webhookTasksConsumer, WebhookService webhooks) {
        return message -> webhookTasksConsumer.consumeIfWanted(message,
                event -> webhooks.anySubscriptionWants(event.type()), event -> {
                    webhooks.onOrderEvent(event);
                    return ConsumeOutcome.APPLIED;
                });
    }

    /**
     * Reservation outcomes from inventory (group {@code order-producer}): the starter captures and resubmits its dead
     * letters and, with {@code order.consumer.mode=single}, runs its push consumer; in the default batch mode
     * {@link #reservationOutcomesConsumer} receives instead ({@code order.consumer.enabled=false}: neither on this
     * instance).
     */
    @Bean
    ConsumerGroupHandler orderGroup(InboundEventsListener inboundEventsListener, OrderConsumerProperties consumer) {
        PushSubscription push = consumer.mode() == ConsumptionMode.SINGLE
                ? new PushSubscription(Map.of(Topic.INVENTORY_EVENTS, "*"), consumer.threads()) : null;
        return new ConsumerGroupHandler(ConsumerGroup.ORDER, inboundEventsListener::handle, consumer.enabled(), push);
    }

    /**
     * This service's own payment deadlines (group {@code order-producer-timeouts}): the starter runs the push
     * consumer, the dead-letter capture and resubmission. They run with {@code order.timeout-message=false} too, for
     * the timeout messages sent before it was set.
     */
    @Bean
    ConsumerGroupHandler orderTimeoutsGroup(InboundEventsListener orderTimeoutsListener,
                                            OrderConsumerProperties consumer) {
        return new ConsumerGroupHandler(ConsumerGroup.ORDER_TIMEOUTS, orderTimeoutsListener::handle,
                consumer.enabled(), new PushSubscription(Map.of(Topic.ORDER_TIMEOUTS, "*"), consumer.threads()));
    }

    /**
     * The receiving of the reservation outcomes in the default {@code order.consumer.mode=batch}: up to
     * {@code order.consumer.batch-size} messages per receive on {@code order.consumer.receivers} threads, each run of
     * StockReserved applied in one transaction ({@link InboundEventsListener#handleBatch}). Its client is built by the
     * starter, retried while the broker is not there yet.
     */
    @Bean
    @ConditionalOnBatchReceiving(OrderConsumerProperties.PREFIX)
    BatchReceivers reservationOutcomesConsumer(SimpleConsumers simpleConsumers,
                                               InboundEventsListener inboundEventsListener,
                                               OrderConsumerProperties consumer) {
        StartingClient<SimpleConsumer> client = simpleConsumers.register(ConsumerGroup.ORDER, Topic.INVENTORY_EVENTS,
                "*", Duration.ofSeconds(5));
        return new BatchReceivers(client, ConsumerGroup.ORDER.groupName(), inboundEventsListener::handleBatch,
                consumer.batchSize(), consumer.receivers());
    }

    /**
     * Order events → notification tasks for subscribed partners (group {@code order-webhooks}): the starter captures
     * and resubmits its dead letters; {@link #webhookEventsConsumer} receives (not a push consumer of the starter's:
     * its filter follows the subscriptions).
     */
    @Bean
    ConsumerGroupHandler webhooksGroup(Predicate<InboundMessage> webhookTasksHandler, WebhookProperties properties) {
        return new ConsumerGroupHandler(ConsumerGroup.WEBHOOKS, webhookTasksHandler, properties.enabled());
    }

    /**
     * The receiving of group {@code order-webhooks} ({@code webhooks.enabled=false}: not on this instance), with a tag
     * filter that names the subscribed event types, or none ({@link WebhookEventFilter}), applied before each receive by
     * the starter's {@link BatchReceivers}: rocketmq-client-java 5.1's push consumer keeps the filter a queue was first
     * polled with, a simple consumer's {@code subscribe} applies to its next receive. With no subscription the group
     * pops nothing per order, and the broker moves its offset past the events (so a later subscription gets the events
     * from when it is in effect, not a backlog). Its client is built by the starter, with the filter wanted then.
     * Conditional on {@link WebhookProperties#enabled()}, as {@link #webhooksGroup} is ({@link WebhooksEnabled}).
     */
    @Bean
    @Conditional(WebhooksEnabled.class)
    BatchReceivers webhookEventsConsumer(SimpleConsumers simpleConsumers,
                                         Predicate<InboundMessage> webhookTasksHandler, WebhookService webhooks,
                                         WebhookProperties properties) {
        WebhookProperties.Consumer consumer = properties.consumer();
        StartingClient<SimpleConsumer> client = simpleConsumers.register(ConsumerGroup.WEBHOOKS, WEBHOOK_TOPIC,
                webhooks::eventFilter, consumer.await());
        String group = ConsumerGroup.WEBHOOKS.groupName();
        return new BatchReceivers(client, group, BatchHandler.oneByOne(group, webhookTasksHandler), consumer.batchSize(),
                consumer.receivers(), new FollowedFilter(WEBHOOK_TOPIC.topicName(), webhooks::eventFilter));
    }

    /**
     * A WARN at start-up when an OrderCreated the broker discarded would be republished only after its order's payment
     * deadline: the order would be cancelled for non-payment before inventory ever saw it. Not a start-up failure:
     * short payment timeouts are how tests and {@code run-local.sh --order.payment-timeout=30s} try timeouts out.
     */
    @Bean
    SmartInitializingSingleton republishBeforeThePaymentDeadline(OrderProperties order, PublisherProperties publisher) {
        return () -> {
            if (republishedTooLate(publisher.recovery().after(), order.paymentTimeout())) {
                log.warn("txorders.publisher.recovery.after ({}) is not shorter than order.payment-timeout ({}): an order "
                        + "whose OrderCreated the broker discarded is cancelled for non-payment before it is republished",
                        publisher.recovery().after(), order.paymentTimeout());
            }
        };
    }

    static boolean republishedTooLate(Duration recoveryAfter, Duration paymentTimeout) {
        return recoveryAfter.compareTo(paymentTimeout) >= 0;
    }

    @Bean
    IdempotentConsumer webhookTasksConsumer(IdempotentConsumers consumers) {
        return consumers.forGroup(ConsumerGroup.WEBHOOKS);
    }
}
