package io.txorders.messaging.contract;

/**
 * Every event of the platform, its topic and its RocketMQ tag (the tag is the type's name, so consumers
 * filter with tag expressions such as {@code OrderPaid||OrderCancelled}).
 */
public enum EventType {
    /** A PENDING order exists; inventory should try to reserve its items. */
    OrderCreated(Topic.ORDER_EVENTS),
    /** A RESERVED order was paid; inventory confirms the sale, points are awarded. */
    OrderPaid(Topic.ORDER_EVENTS),
    /** An order was cancelled; inventory releases whatever it reserved. */
    OrderCancelled(Topic.ORDER_EVENTS),
    /** Inventory reserved every item of an order. */
    StockReserved(Topic.INVENTORY_EVENTS),
    /** Inventory could not reserve an order; nothing of it is held. */
    StockRejected(Topic.INVENTORY_EVENTS),
    /** An order's payment deadline has passed. */
    OrderTimeout(Topic.ORDER_TIMEOUTS);

    private final Topic topic;

    EventType(Topic topic) {
        this.topic = topic;
    }

    /** The topic events of this type are published to. */
    public Topic topic() {
        return topic;
    }

    /** The RocketMQ tag carried by messages of this type. */
    public String tag() {
        return name();
    }
}
