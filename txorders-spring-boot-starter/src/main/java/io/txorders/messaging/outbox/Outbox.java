package io.txorders.messaging.outbox;

import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventCodec;
import java.time.Clock;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The local message table: appending an event writes a PENDING row in the caller's transaction, so the event
 * exists if and only if the stock change it reports committed. {@link OutboxRelay} publishes it later.
 */
public class Outbox {

    private final OutboxRepository rows;
    private final Clock clock;
    private final EventCodec codec = new EventCodec();

    public Outbox(OutboxRepository rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    /** @throws org.springframework.transaction.IllegalTransactionStateException outside a transaction */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(Event event) {
        rows.insert(event.eventId(), event.type().name(), event.orderNo(), new String(codec.encode(event),
                java.nio.charset.StandardCharsets.UTF_8), clock.instant());
    }
}
