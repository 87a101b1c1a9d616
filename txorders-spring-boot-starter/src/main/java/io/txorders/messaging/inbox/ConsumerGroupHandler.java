package io.txorders.messaging.inbox;

import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Topic;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What one consumer group of a service does with a message, declared as a bean. The starter then captures what the
 * broker dead-letters for the group into {@code dead_letter} (a push consumer on its {@code %DLQ%} topic, started
 * with the service's other RocketMQ clients), lets an operator resubmit a dead letter through this handler
 * ({@link DeadLetterResubmission}), so the inbox still guards it, and, given a {@link PushSubscription}, runs the
 * group's push consumer too.
 *
 * @param group the consumer group
 * @param handler the group's consumer path: answers whether the message is done with (acknowledged)
 * @param consuming whether this instance consumes the group (e.g. {@code points.consumer.enabled}): if not, neither
 *        its push consumer nor its dead-letter capture runs here; resubmission works either way
 * @param push the push consumer the starter runs for the group, or {@code null} when the service consumes it its
 *        own way (e.g. inventory's batched simple consumer)
 */
public record ConsumerGroupHandler(ConsumerGroup group, Predicate<InboundMessage> handler, boolean consuming,
                                   PushSubscription push) {

    public ConsumerGroupHandler {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(handler, "handler");
    }

    /** A group the service consumes with a client of its own. */
    public ConsumerGroupHandler(ConsumerGroup group, Predicate<InboundMessage> handler, boolean consuming) {
        this(group, handler, consuming, null);
    }

    /**
     * The push consumer of a group.
     *
     * @param tagsByTopic the topics and, for each, its tag expression (e.g. {@code OrderPaid}, {@code *})
     * @param threads consumption threads
     */
    public record PushSubscription(Map<Topic, String> tagsByTopic, int threads) {

        public PushSubscription {
            tagsByTopic = Map.copyOf(tagsByTopic);
            if (tagsByTopic.isEmpty() || threads < 1) {
                throw new IllegalArgumentException("a push subscription needs a topic and at least one thread");
            }
        }
    }
}
