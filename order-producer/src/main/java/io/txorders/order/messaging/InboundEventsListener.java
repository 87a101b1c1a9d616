package io.txorders.order.messaging;

import io.txorders.messaging.contract.OrderTimeout;
import io.txorders.messaging.contract.StockRejected;
import io.txorders.messaging.contract.StockReserved;
import io.txorders.messaging.inbox.ConsumeOutcome;
import io.txorders.messaging.inbox.IdempotentConsumer;
import io.txorders.messaging.inbox.InboundMessage;
import io.txorders.order.order.CancelReason;
import io.txorders.order.order.IllegalOrderTransitionException;
import io.txorders.order.order.OrderNotFoundException;
import io.txorders.order.order.OrderService;
import io.txorders.order.order.PaymentDeadlineNotReachedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What order-producer consumes, through the inbox: from inventory, StockReserved → RESERVED and StockRejected →
 * CANCELLED with the reason; its own delayed OrderTimeout → CANCELLED(TIMEOUT) unless paid. Cancellations
 * publish OrderCancelled in the same local transaction as the inbox row. A late or duplicate event never moves
 * an order backwards: it is acknowledged as a no-op. A timeout delivered before the deadline by this clock is
 * postponed (not acknowledged, no inbox row): the broker redelivers it after its retry back-off.
 */
class InboundEventsListener {

    private static final Logger log = LoggerFactory.getLogger(InboundEventsListener.class);

    private final IdempotentConsumer consumer;
    private final OrderService orders;
    private final TransactionTemplate transactions;

    InboundEventsListener(IdempotentConsumer consumer, OrderService orders, TransactionTemplate transactions) {
        this.consumer = consumer;
        this.orders = orders;
        this.transactions = transactions;
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
                        return orders.markReserved(event.orderNo()) ? ConsumeOutcome.APPLIED : ConsumeOutcome.REJECTED;
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
