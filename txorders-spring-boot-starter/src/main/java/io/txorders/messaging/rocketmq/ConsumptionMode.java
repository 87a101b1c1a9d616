package io.txorders.messaging.rocketmq;

/**
 * How a service consumes a group that it can receive in batches ({@code <prefix>.mode} of the service's consumer
 * settings, e.g. {@code inventory.consumer.mode}, in any case). Used with {@link ConditionalOnBatchReceiving}.
 */
public enum ConsumptionMode {
    /** {@link BatchReceivers}: up to a batch of messages per receive, handed to the service together. */
    BATCH,
    /** One message per transaction: the group's push consumer, kept for comparison. */
    SINGLE
}
