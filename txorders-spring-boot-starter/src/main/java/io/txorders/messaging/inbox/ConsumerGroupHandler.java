package io.txorders.messaging.inbox;

import io.txorders.messaging.contract.ConsumerGroup;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What one consumer group of a service does with a message, declared as a bean. The starter then captures what the
 * broker dead-letters for the group into {@code dead_letter} (a push consumer on its {@code %DLQ%} topic, started
 * with the service's other RocketMQ clients) and lets an operator resubmit a dead letter through this handler
 * ({@link DeadLetterResubmission}), so the inbox still guards it.
 *
 * @param group the consumer group
 * @param handler the group's consumer path: answers whether the message is done with (acknowledged)
 * @param captureDeadLetters whether this instance captures the group's dead letters: off where the group is not
 *        consumed (e.g. {@code points.consumer.enabled=false}); resubmission works either way
 */
public record ConsumerGroupHandler(ConsumerGroup group, Predicate<InboundMessage> handler, boolean captureDeadLetters) {

    public ConsumerGroupHandler {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(handler, "handler");
    }
}
