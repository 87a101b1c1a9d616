package io.txorders.messaging.contract;

/**
 * The topics of the platform and their message types (design §5). The embedded stack and the
 * deployment scripts create exactly these; services refer to them only through this enum.
 */
public enum Topic {
    /** Order state changes, published transactionally by order-producer. */
    ORDER_EVENTS("order-events", MessageKind.TRANSACTION),
    /** Reservation outcomes, published by inventory-consumer's outbox relay. */
    INVENTORY_EVENTS("inventory-events", MessageKind.NORMAL),
    /** Payment deadlines, delayed messages that order-producer sends to itself. */
    ORDER_TIMEOUTS("order-timeouts", MessageKind.DELAY);

    private final String topicName;
    private final MessageKind kind;

    Topic(String topicName, MessageKind kind) {
        this.topicName = topicName;
        this.kind = kind;
    }

    /** The RocketMQ topic name. */
    public String topicName() {
        return topicName;
    }

    /** The message type the topic is created with. */
    public MessageKind kind() {
        return kind;
    }
}
