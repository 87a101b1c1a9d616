package io.txorders.messaging.outbox;

import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The local message table: appending an event writes a PENDING row in the caller's transaction, so the event
 * exists if and only if the business change it reports committed. {@link OutboxRelay} publishes it, woken once that
 * transaction committed (not before: it could not see the row, or the row might yet be rolled back).
 */
public class Outbox {

    private final OutboxRepository rows;
    private final Clock clock;
    private final Runnable afterCommit;
    private final EventCodec codec = new EventCodec();

    /**
     * @param afterCommit runs after the commit of a transaction that appended (e.g. {@link OutboxRelay#wakeUp()});
     *        must not block
     */
    public Outbox(OutboxRepository rows, Clock clock, Runnable afterCommit) {
        this.rows = rows;
        this.clock = clock;
        this.afterCommit = afterCommit;
    }

    /** @throws org.springframework.transaction.IllegalTransactionStateException outside a transaction */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(Event event) {
        rows.insert(event.eventId(), event.type().name(), event.orderNo(), payload(event), clock.instant());
        wakeUpAfterCommit();
    }

    /**
     * Appends these events in list order with as few statements as the repository can ({@link
     * OutboxRepository#insertAll}): what a batch of reactions answers.
     *
     * @throws org.springframework.transaction.IllegalTransactionStateException outside a transaction
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void appendAll(List<? extends Event> events) {
        if (events.isEmpty()) {
            return;
        }
        rows.insertAll(events.stream().map(event -> new OutboxRepository.NewRow(event.eventId(), event.type().name(),
                event.orderNo(), payload(event))).toList(), clock.instant());
        wakeUpAfterCommit();
    }

    private String payload(Event event) {
        return new String(codec.encode(event), StandardCharsets.UTF_8);
    }

    private void wakeUpAfterCommit() {
        // One wake-up per transaction, however many rows it appends. The synchronizations are the current
        // transaction's (an inner REQUIRES_NEW has its own list), so each transaction that appends wakes the relay.
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.getSynchronizations().stream().noneMatch(this::wakesMe)) {
            TransactionSynchronizationManager.registerSynchronization(new WakeUpAfterCommit(this));
        }
    }

    private boolean wakesMe(TransactionSynchronization registered) {
        return registered instanceof WakeUpAfterCommit wakeUp && wakeUp.outbox() == this;
    }

    private record WakeUpAfterCommit(Outbox outbox) implements TransactionSynchronization {
        @Override
        public void afterCommit() {
            outbox.afterCommit.run();
        }
    }
}
