package io.txorders.messaging.outbox;

import java.util.concurrent.CompletableFuture;

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
     * Sends without waiting, so the relay can have a round's rows in flight at once. The future fails with what
     * {@link #send} would throw, with the same meaning. The default sends synchronously in the caller's thread.
     */
    default CompletableFuture<Void> sendAsync(OutboxEntry entry) {
        try {
            send(entry);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Whether a send can be tried at all now. While it cannot (the broker client is still starting), the relay
     * claims nothing, so no row spends an attempt on it.
     */
    default boolean ready() {
        return true;
    }
}
