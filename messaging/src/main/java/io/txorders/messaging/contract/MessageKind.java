package io.txorders.messaging.contract;

/**
 * The RocketMQ 5 message type of a topic. RocketMQ refuses a message whose type does not match its
 * topic's {@code message.type} attribute, so every topic is created with one of these.
 */
public enum MessageKind {
    /** Half message first, delivered only after the producer commits or a check-back answers COMMIT. */
    TRANSACTION,
    /** Delivered as soon as it is stored. */
    NORMAL,
    /** Delivered no earlier than the delivery timestamp set on the message. */
    DELAY
}
