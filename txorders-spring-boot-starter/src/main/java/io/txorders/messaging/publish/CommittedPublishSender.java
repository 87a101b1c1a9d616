package io.txorders.messaging.publish;

/** Publishes the message of a COMMITTED row again (the messaging adapter implements it). */
public interface CommittedPublishSender {

    /**
     * Sends the exact message again (same event id, order number, topic, tag and body) as a transaction that is
     * committed at once: the row is COMMITTED, so a check-back on it answers COMMIT too.
     *
     * @return true when RocketMQ took the commit; false when the half message is stored but the commit was not
     *         confirmed (the check-back will commit it from {@code tx_state})
     * @throws RuntimeException when RocketMQ did not take the message (unavailable, timeout): try again later
     */
    boolean republish(CommittedPublish publish);
}
