package io.txorders.inventory.messaging;

import io.txorders.inventory.reservation.ReservationService;
import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.contract.OrderCancelled;
import io.txorders.messaging.contract.OrderCreated;
import io.txorders.messaging.contract.OrderPaid;
import io.txorders.messaging.inbox.ConsumeOutcome;
import io.txorders.messaging.inbox.IdempotentConsumer;
import io.txorders.messaging.inbox.InboundMessage;
import io.txorders.messaging.rocketmq.BatchReceivers.BatchHandler;
import java.util.List;

/** Routes order-events to the reservation ledger, through the inbox: one message at a time, or a batch. */
class OrderEventsListener {

    private final IdempotentConsumer consumer;
    private final ReservationService reservations;
    private final BatchHandler batches;

    OrderEventsListener(IdempotentConsumer consumer, ReservationService reservations) {
        this.consumer = consumer;
        this.reservations = reservations;
        this.batches = BatchHandler.runsOfTag(EventType.OrderCreated.tag(), run -> consumer.consumeBatch(run,
                events -> reservations.reserveAll(events.stream().map(OrderCreated.class::cast).toList()),
                this::apply), this::handle);
    }

    /** @return whether the message is done with (acknowledge it) */
    boolean handle(InboundMessage message) {
        return consumer.consume(message, this::apply);
    }

    private ConsumeOutcome apply(Event event) {
        if (event instanceof OrderCreated created) {
            return reservations.reserve(created);
        } else if (event instanceof OrderPaid paid) {
            return reservations.confirm(paid);
        } else if (event instanceof OrderCancelled cancelled) {
            return reservations.release(cancelled);
        }
        return ConsumeOutcome.REJECTED;
    }

    /**
     * Handles messages received together, in the order received: each run of consecutive OrderCreated is
     * reserved in one transaction ({@link IdempotentConsumer#consumeBatch}); any other event is handled on its
     * own, so a Cancel that arrived before a Create still comes first.
     *
     * @return per message, in the order given, whether it is done with (acknowledge it)
     */
    List<Boolean> handleBatch(List<InboundMessage> messages) {
        return batches.handle(messages);
    }
}
