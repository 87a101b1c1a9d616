package io.txorders.order.messaging;

import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.contract.OrderTimeout;
import io.txorders.messaging.contract.StockRejected;
import io.txorders.messaging.contract.StockReserved;
import io.txorders.messaging.inbox.ConsumeOutcome;
import io.txorders.messaging.inbox.IdempotentConsumer;
import io.txorders.messaging.inbox.InboundMessage;
import io.txorders.messaging.rocketmq.BatchReceivers.BatchHandler;
import io.txorders.order.order.CancelReason;
import io.txorders.order.order.IllegalOrderTransitionException;
import io.txorders.order.order.OrderNotFoundException;
import io.txorders.order.order.OrderService;
import io.txorders.order.order.PaymentDeadlineNotReachedException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What order-producer consumes, through the inbox: from inventory, StockReserved → RESERVED and StockRejected →
 * CANCELLED with the reason; its own delayed OrderTimeout → CANCELLED(TIMEOUT) unless paid. Cancellations
 * publish OrderCancelled in the same local transaction as the inbox row. A late or duplicate event never moves
 * an order backwards: it is acknowledged as a no-op. A timeout delivered before the deadline by this clock is
 * postponed (not acknowledged, no inbox row): the broker redelivers it after its retry back-off.
 *
 * <p>One instance per consumer group, each with that group's inbox: the reservation outcomes (group
 * {@code order-producer}, received in batches by default, {@link #handleBatch}) and the payment deadlines (group
 * {@code order-producer-timeouts}). Each takes every event type: until 2026-12 one group consumed both topics, and a
 * message of that time may still be redelivered to it.
 */
class InboundEventsListener {

    private static final Logger log = LoggerFactory.getLogger(InboundEventsListener.class);

    private final IdempotentConsumer consumer;
    private final OrderService orders;
    private final TransactionTemplate transactions;
    private final BatchHandler batches;

    InboundEventsListener(IdempotentConsumer consumer, OrderService orders, TransactionTemplate transactions) {
        this.consumer = consumer;
        this.orders = orders;
        this.transactions = transactions;
        this.batches = BatchHandler.runsOfTag(EventType.StockReserved.tag(),
                run -> consumer.consumeBatch(run, this::reserveAll, this::reserve), this::handle);
    }

    /**
     * The reservation outcomes received together ({@code order.consumer.mode=batch}), in the order received: each run
     * of consecutive StockReserved is applied in one transaction with the inbox rows of its messages
     * ({@link IdempotentConsumer#consumeBatch}): one commit for the run instead of one per order. Any other event is
     * handled on its own ({@link #handle}) in its place, so a StockRejected is never overtaken by what came after it.
     *
     * @return per message, in the order given, whether it is done with (acknowledge it)
     */
    List<Boolean> handleBatch(List<InboundMessage> messages) {
        return batches.handle(messages);
    }

    private Map<UUID, ConsumeOutcome> reserveAll(List<Event> events) {
        Map<UUID, ConsumeOutcome> outcomes = new HashMap<>();
        events.forEach(event -> outcomes.put(event.eventId(), reserve(event)));
        return outcomes;
    }

    /**
     * StockReserved → RESERVED; a late one (the order is no longer PENDING) is recorded as rejected. Only
     * StockReserved events come here: a run is made of StockReserved tags, and the inbox dead-letters a body whose
     * type does not match its tag before any handler sees it.
     */
    private ConsumeOutcome reserve(Event event) {
        return orders.markReserved(event.orderNo()) ? ConsumeOutcome.APPLIED : ConsumeOutcome.REJECTED;
    }

    /**
     * The group's consumer path: what the starter's push consumer and a dead-letter resubmission call.
     *
     * @return whether the message is done with (acknowledge it)
     */
    boolean handle(InboundMessage inbound) {
        // Only a cancellation publishes (its half message goes out before its transaction): only the events that may
        // cancel are looked up in the inbox first. StockReserved's one transaction tells a duplicate by itself.
        return consumer.consumeSelfTransacted(inbound, event -> !(event instanceof StockReserved), (event, inbox) -> {
            try {
                if (event instanceof StockReserved) {
                    return transactions.execute(status -> {
                        if (!inbox.firstDelivery()) {
                            return ConsumeOutcome.DUPLICATE;
                        }
                        return reserve(event);
                    });
                }
                if (event instanceof OrderTimeout) {
                    try {
                        return orders.timeOut(event.orderNo(), inbox::firstDelivery)
                                ? ConsumeOutcome.APPLIED : ConsumeOutcome.DUPLICATE;
                    } catch (PaymentDeadlineNotReachedException early) {
                        // Recording it would drop the order's only timeout message: let the broker bring it back.
                        log.info("timeout before the payment deadline postponed orderNo={}: {}", event.orderNo(),
                                early.getMessage());
                        return ConsumeOutcome.POSTPONED;
                    }
                }
                if (event instanceof StockRejected rejected) {
                    CancelReason reason = CancelReason.valueOf(rejected.reason());
                    return orders.cancel(event.orderNo(), reason, inbox::firstDelivery)
                            ? ConsumeOutcome.APPLIED : ConsumeOutcome.DUPLICATE;
                }
            } catch (IllegalOrderTransitionException | OrderNotFoundException noLongerApplicable) {
                log.info("inventory event ignored type={} orderNo={}: {}", event.type(), event.orderNo(),
                        noLongerApplicable.getMessage());
            }
            // Not applicable (unknown type, order already final, unknown order): record it so it is not redone.
            return transactions.execute(status ->
                    inbox.firstDelivery() ? ConsumeOutcome.REJECTED : ConsumeOutcome.DUPLICATE);
        });
    }
}
