package io.txorders.messaging.publish;

import io.txorders.messaging.contract.Event;
import java.util.function.Supplier;

/**
 * Publishes an event together with a local database change, all or nothing (design §3): a half message,
 * then one local transaction that records the event's {@code tx_state} row first and then runs the change,
 * then commit or rollback of the message. If the outcome never reaches the broker, its check-back is answered
 * from {@code tx_state}.
 */
public interface TransactionalEventPublisher {

    /**
     * Publishes {@code event} if and only if {@code localChange} commits.
     *
     * @param localChange the business change; runs inside the local transaction, after the {@code tx_state} row
     * @return what {@code localChange} returned
     * @throws EventPublishingUnavailableException if the half message cannot be sent; nothing was written
     * @throws RuntimeException whatever {@code localChange} threw; the local transaction and the message
     *         were rolled back (should the rollback not reach the broker, the check-back answers ROLLBACK)
     */
    <T> T publish(Event event, Supplier<T> localChange);
}
