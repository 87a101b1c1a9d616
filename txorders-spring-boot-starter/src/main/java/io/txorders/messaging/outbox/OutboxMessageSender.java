package io.txorders.messaging.outbox;

/** Publishes one outbox row to its topic. */
public interface OutboxMessageSender {

    /**
     * Sends synchronously.
     *
     * @throws OutboxMessageRejectedException if the broker refused this message as such; sending it again cannot
     *         help
     * @throws RuntimeException (any other) if the broker was not reachable or did not confirm in time: the row is
     *         tried again later, however long that takes. The message may still have been stored (the relay then
     *         sends it again and the receiver's inbox drops the duplicate)
     */
    void send(OutboxEntry entry);

    /**
     * Whether a send can be tried at all now. While it cannot (the broker client is still starting), the relay
     * claims nothing, so no row spends an attempt on it.
     */
    default boolean ready() {
        return true;
    }
}
