package io.txorders.messaging.rocketmq;

/**
 * How a service consumes a group that it can receive in batches ({@code <prefix>.mode} of the service's consumer
 * settings, e.g. {@code inventory.consumer.mode}, in any case). Used with {@link ConditionalOnBatchReceiving}.
 */
public enum ConsumptionMode {
    /** {@link BatchReceivers}: up to a batch of messages per receive, handed to the service together. */
    BATCH,
    /** One message per transaction: the group's push consumer, kept for comparison. */
    SINGLE;

    /**
     * Checks a service's consumer settings under {@code prefix} whatever its mode, so that a value that would only
     * matter in the other mode cannot wait to fail until someone switches to it.
     *
     * @throws IllegalArgumentException for no mode, a batch size outside 1 to {@link BatchReceivers#MAX_BATCH_SIZE},
     *         or fewer than one receiver or thread
     */
    public static void checkSettings(String prefix, ConsumptionMode mode, int batchSize, int receivers, int threads) {
        if (mode == null) {
            throw new IllegalArgumentException(prefix + ".mode must be batch or single");
        }
        if (batchSize < 1 || batchSize > BatchReceivers.MAX_BATCH_SIZE || receivers < 1 || threads < 1) {
            throw new IllegalArgumentException(prefix + ": batch-size must be 1 to " + BatchReceivers.MAX_BATCH_SIZE
                    + " (the most one receive takes), receivers and threads at least 1; got batch-size=" + batchSize
                    + " receivers=" + receivers + " threads=" + threads);
        }
    }
}
