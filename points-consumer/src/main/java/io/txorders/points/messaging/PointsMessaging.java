package io.txorders.points.messaging;

import io.txorders.messaging.autoconfigure.IdempotentConsumers;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.contract.OrderPaid;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.inbox.ConsumeOutcome;
import io.txorders.messaging.inbox.ConsumerGroupHandler;
import io.txorders.messaging.inbox.ConsumerGroupHandler.PushSubscription;
import io.txorders.messaging.inbox.IdempotentConsumer;
import io.txorders.messaging.inbox.InboundMessage;
import io.txorders.points.points.PointsService;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * points-consumer's messaging: OrderPaid from order-events, through the inbox. The starter runs the push consumer,
 * retried while the broker is not there yet at start-up.
 */
@Configuration(proxyBeanMethods = false)
class PointsMessaging {

    @Bean
    IdempotentConsumer orderPaidConsumer(IdempotentConsumers consumers) {
        return consumers.forGroup(ConsumerGroup.POINTS);
    }

    /** OrderPaid → points, through the inbox; what the push consumer and a dead-letter resubmission call. */
    @Bean
    Predicate<InboundMessage> orderPaidHandler(IdempotentConsumer orderPaidConsumer, PointsService points) {
        return message -> orderPaidConsumer.consume(message, event ->
                event instanceof OrderPaid paid ? points.award(paid) : ConsumeOutcome.REJECTED);
    }

    /**
     * The group's push consumer (OrderPaid only), its dead-letter capture and resubmission, run by the starter;
     * neither consumer runs with {@code points.consumer.enabled=false}.
     */
    @Bean
    ConsumerGroupHandler pointsGroup(Predicate<InboundMessage> orderPaidHandler,
                                     @Value("${points.consumer.enabled:true}") boolean consuming,
                                     @Value("${points.consumer.threads:4}") int threads) {
        return new ConsumerGroupHandler(ConsumerGroup.POINTS, orderPaidHandler, consuming,
                new PushSubscription(Map.of(Topic.ORDER_EVENTS, EventType.OrderPaid.tag()), threads));
    }
}
