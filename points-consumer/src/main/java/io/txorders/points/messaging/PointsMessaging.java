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
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * points-consumer's messaging: OrderPaid from order-events, through the inbox. The starter runs the push consumer,
 * retried while the broker is not there yet at start-up.
 */
@Configuration(proxyBeanMethods = false)
class PointsMessaging {

    /** OrderPaid → points, through the inbox; what the push consumer and a dead-letter resubmission call. */
    @Bean
    Predicate<InboundMessage> orderPaidHandler(IdempotentConsumers consumers, PointsService points) {
        IdempotentConsumer inbox = consumers.forGroup(ConsumerGroup.POINTS);
        return message -> inbox.consume(message, event ->
                event instanceof OrderPaid paid ? points.award(paid) : ConsumeOutcome.REJECTED);
    }

    /**
     * The group's push consumer (OrderPaid only), its dead-letter capture and resubmission, run by the starter;
     * neither consumer runs with {@code points.consumer.enabled=false}.
     */
    @Bean
    ConsumerGroupHandler pointsGroup(Predicate<InboundMessage> orderPaidHandler, ConsumerSettings settings) {
        return new ConsumerGroupHandler(ConsumerGroup.POINTS, orderPaidHandler, settings.enabled(),
                new PushSubscription(Map.of(Topic.ORDER_EVENTS, EventType.OrderPaid.tag()), settings.threads()));
    }

    /**
     * @param enabled whether this instance consumes OrderPaid and captures the group's dead letters
     * @param threads consumption threads of the push consumer, at least 1
     */
    @ConfigurationProperties("points.consumer")
    record ConsumerSettings(@DefaultValue("true") boolean enabled, @DefaultValue("4") int threads) {
    }
}
