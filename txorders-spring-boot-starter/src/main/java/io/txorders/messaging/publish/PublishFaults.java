package io.txorders.messaging.publish;

import io.txorders.messaging.contract.Event;
import java.util.Optional;
import java.util.UUID;

/**
 * Points at which a simulation may break the transactional publish on purpose (check-back simulation, fault
 * tests): a crash after the half message, a local transaction that fails or is held open, an end (commit or
 * rollback) that never reaches the broker, a check-back the database does not answer.
 *
 * <p>A service without such a bean gets {@link #NONE}: every hook is an empty default method on one final
 * implementation, so the publish pays one monomorphic call the JIT inlines away, not a branch per fault.
 */
public interface PublishFaults {

    /** No faults: what every production service runs. */
    PublishFaults NONE = new PublishFaults() {
    };

    /** After the half message was taken, before the local transaction; throw to simulate a crash right there. */
    default void afterHalfMessage(Event event) {
    }

    /** Inside the local transaction, after the business change; throw to fail it, block to hold it open. */
    default void insideLocalTransaction(Event event) {
    }

    /**
     * Whether to send the end of the publish to the broker.
     *
     * @param committed true for the commit, false for the rollback
     * @return false to simulate an end that never arrived (the broker then checks back)
     */
    default boolean sendEnd(Event event, boolean committed) {
        return true;
    }

    /**
     * An answer for a check-back instead of reading {@code tx_state}; empty (always, in production) reads it.
     *
     * @param orderNo the second message key; may be null
     */
    default Optional<CheckBackAnswer> checkBackAnswer(UUID eventId, String orderNo) {
        return Optional.empty();
    }
}
