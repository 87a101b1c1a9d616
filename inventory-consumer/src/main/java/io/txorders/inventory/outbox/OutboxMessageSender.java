package io.txorders.inventory.outbox;

/** Publishes one outbox row to its topic. */
public interface OutboxMessageSender {

    /**
     * Sends synchronously.
     *
     * @throws RuntimeException if the broker did not confirm; the message may still have been stored (the relay
     *         then sends it again and the receiver's inbox drops the duplicate)
     */
    void send(OutboxEntry entry);
}
