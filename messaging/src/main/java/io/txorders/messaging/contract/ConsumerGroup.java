package io.txorders.messaging.contract;

import java.util.List;

/**
 * The consumer groups of the platform and what each subscribes to. RocketMQ 5 gRPC consumers fail with
 * "group not found" unless their group exists, so the stack creates these up front.
 */
public enum ConsumerGroup {
    /** inventory-consumer: reserves, confirms and releases stock. */
    INVENTORY("inventory-consumer", List.of(Topic.ORDER_EVENTS)),
    /** points-consumer: awards points on payment. */
    POINTS("points-consumer", List.of(Topic.ORDER_EVENTS)),
    /** order-producer: reservation outcomes and its own payment deadlines. */
    ORDER("order-producer", List.of(Topic.INVENTORY_EVENTS, Topic.ORDER_TIMEOUTS)),
    /** order-producer's webhook notifier: turns order events into notification tasks for subscribed partners. */
    WEBHOOKS("order-webhooks", List.of(Topic.ORDER_EVENTS));

    private final String groupName;
    private final List<Topic> topics;

    ConsumerGroup(String groupName, List<Topic> topics) {
        this.groupName = groupName;
        this.topics = topics;
    }

    /** The RocketMQ consumer group name. */
    public String groupName() {
        return groupName;
    }

    /** The topics this group consumes. */
    public List<Topic> topics() {
        return topics;
    }
}
