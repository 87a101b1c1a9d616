package io.txorders.order.order;

import io.txorders.messaging.publish.TransactionalEventPublisher;
import io.txorders.messaging.publish.EventPublishingUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.OrderCancelled;
import io.txorders.messaging.contract.OrderCreated;
import io.txorders.messaging.contract.OrderPaid;
import io.txorders.messaging.contract.OrderLine;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/** Places and reads orders; every state change is published transactionally. */
@Service
public class OrderService {

    private static final Logger log = LoggerFactory.getLogger(OrderService.class);

    private final OrderRepository orders;
    private final TransactionalEventPublisher publisher;
    private final OrderTimeouts timeouts;
    private final OrderNumbers orderNumbers;
    private final OrderProperties properties;
    private final Clock clock;
    private final Counter placed;
    private final MeterRegistry meters;

    public OrderService(OrderRepository orders, TransactionalEventPublisher publisher, OrderTimeouts timeouts,
                        OrderProperties properties, Clock clock, MeterRegistry meters) {
        this.orders = orders;
        this.publisher = publisher;
        this.timeouts = timeouts;
        this.orderNumbers = new OrderNumbers(clock);
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.placed = Counter.builder("txorders.orders.placed").description("Orders placed").register(meters);
    }

    /**
     * Places a PENDING order and publishes {@code OrderCreated} with it, or returns the order an earlier
     * request with the same idempotency key placed.
     *
     * @throws IdempotencyKeyReusedException if the key was used for a different request
     * @throws EventPublishingUnavailableException if the broker is unreachable (nothing was written)
     */
    public Placement place(PlaceOrder command) {
        var existing = findEarlierPlacement(command);
        if (existing != null) {
            return existing;
        }
        Instant now = clock.instant();
        Order order = Order.place(orderNumbers.next(), command, now, now.plus(properties.paymentTimeout()));
        Event event = new OrderCreated(EventIds.newId(), Event.CURRENT_VERSION, now, order.orderNo(), order.userId(),
                lines(order), order.totalAmount(), order.paymentDeadline());
        try {
            publisher.publish(event, () -> {
                orders.insert(order);
                return order;
            });
        } catch (DuplicateKeyException e) {
            // A concurrent request with the same idempotency key committed first: answer with its order.
            Placement earlier = findEarlierPlacement(command);
            if (earlier != null) {
                return earlier;
            }
            // Not the idempotency key (the tombstone of a check-back arrives as EventPublishingUnavailableException):
            // an order number drawn twice. Nothing was placed; the client may retry.
            throw new EventPublishingUnavailableException("order " + order.orderNo() + " of " + event.eventId()
                    + " could not be stored (" + e.getMostSpecificCause().getMessage() + "); nothing was placed", e);
        }
        if (properties.timeoutMessage()) {
            timeouts.schedule(order.orderNo(), order.paymentDeadline());
        }
        placed.increment();
        log.info("order placed orderNo={} eventId={} userId={} items={} total={}", order.orderNo(), event.eventId(),
                order.userId(), order.items().size(), order.totalAmount());
        return new Placement(order, true);
    }

    /**
     * Inventory reserved the order: {@link Order#RESERVATION}, stored in one conditional write (the rule depends on
     * the status alone, so neither the order nor its items are read). Runs inside the caller's (inbox) transaction.
     *
     * @return whether the order changed; {@code false} for an order past PENDING (a late or repeated event never
     *         moves an order backwards) and for an unknown order
     */
    public boolean markReserved(String orderNo) {
        if (orders.apply(orderNo, Order.RESERVATION)) {
            log.info("order reserved orderNo={}", orderNo);
            return true;
        }
        log.info("reservation ignored orderNo={} status={}", orderNo,
                orders.findStatus(orderNo).map(Enum::name).orElse("none (unknown order)"));
        return false;
    }

    /**
     * Cancels an order and publishes {@code OrderCancelled} with it, transactionally.
     *
     * @param inboxStep for a cancellation caused by a message: records the message in the inbox inside the
     *                  same local transaction; {@code null} for a user's request
     * @return whether it was cancelled now; {@code false} when {@code inboxStep} says the message is a duplicate
     * @throws IllegalOrderTransitionException when the order cannot be cancelled (PAID, already CANCELLED)
     * @throws OptimisticLockingFailureException if a concurrent change won (retry)
     */
    public boolean cancel(String orderNo, CancelReason reason, InboxStep inboxStep) {
        if (inboxStep != null) {
            return cancelOnce(orderNo, reason, inboxStep); // a message: its consumer retries (inbox and all)
        }
        // A user's request: a concurrent change (inventory's reservation arriving now) is re-read and re-decided,
        // as for a payment, instead of answering 409 to a cancellation that is still valid.
        for (int attempt = 1; ; attempt++) {
            try {
                return cancelOnce(orderNo, reason, null);
            } catch (OptimisticLockingFailureException concurrentChange) {
                if (attempt >= 3) {
                    throw concurrentChange;
                }
                log.info("cancellation raced a concurrent change, reading the order again orderNo={} attempt={}",
                        orderNo, attempt);
            }
        }
    }

    private boolean cancelOnce(String orderNo, CancelReason reason, InboxStep inboxStep) {
        Order order = get(orderNo);
        order.cancel(reason);
        Event event = new OrderCancelled(EventIds.newId(), Event.CURRENT_VERSION, clock.instant(), orderNo,
                order.userId(), reason.name());
        try {
            publisher.publish(event, () -> {
                if (inboxStep != null && !inboxStep.firstDelivery()) {
                    throw new DuplicateDelivery();
                }
                store(order);
                return order;
            });
        } catch (DuplicateDelivery duplicate) {
            return false;
        }
        meters.counter("txorders.orders.cancelled", "reason", reason.name()).increment();
        log.info("order cancelled orderNo={} eventId={} reason={}", orderNo, event.eventId(), reason);
        return true;
    }

    /**
     * Payment succeeded (the simulated callback): RESERVED → PAID, publishing {@code OrderPaid} transactionally.
     * A concurrent change (the payment deadline firing at the same moment) is re-read and re-decided, so
     * exactly one of them wins and the loser leaves nothing behind (its half message is rolled back).
     *
     * @throws IllegalOrderTransitionException unless the order is RESERVED (paying twice included) and its payment
     *         deadline has not passed
     * @throws OrderNotFoundException if there is no such order
     */
    public Order pay(String orderNo) {
        for (int attempt = 1; ; attempt++) {
            Order order = get(orderNo);
            order.pay(clock.instant());
            Event event = new OrderPaid(EventIds.newId(), Event.CURRENT_VERSION, clock.instant(), orderNo,
                    order.userId(), lines(order), order.totalAmount());
            try {
                publisher.publish(event, () -> {
                    // The half message may have taken seconds to send: the deadline holds at the write too.
                    order.requireBeforePaymentDeadline(clock.instant());
                    store(order);
                    return order;
                });
            } catch (OptimisticLockingFailureException concurrentChange) {
                if (attempt >= 3) {
                    throw concurrentChange;
                }
                continue;
            }
            meters.counter("txorders.orders.paid").increment();
            log.info("order paid orderNo={} eventId={} total={}", orderNo, event.eventId(), order.totalAmount());
            return order;
        }
    }

    /**
     * The payment deadline of an order passed: cancels it with reason TIMEOUT unless it was paid or cancelled.
     *
     * @param inboxStep the timeout message's inbox insert, or {@code null} for the sweeper
     * @return whether it was cancelled now
     * @throws IllegalOrderTransitionException when it is already PAID or CANCELLED (nothing to do)
     * @throws PaymentDeadlineNotReachedException when the deadline is still ahead by this clock: nothing was
     *         written (no inbox row either), so the timeout can be tried again later
     */
    public boolean timeOut(String orderNo, InboxStep inboxStep) {
        Order order = get(orderNo);
        Instant now = clock.instant();
        if (order.paymentDeadline().isAfter(now)) {
            throw new PaymentDeadlineNotReachedException(orderNo, order.paymentDeadline(), now);
        }
        return cancel(orderNo, CancelReason.TIMEOUT, inboxStep);
    }

    /**
     * Cancels unpaid orders whose deadline passed more than {@code grace} ago: the backstop of lost timeout messages,
     * or, with {@code order.timeout-message=false}, the one way an order times out.
     *
     * @return how many were cancelled
     */
    public int sweepOverdue(java.time.Duration grace, int limit) {
        int cancelled = 0;
        for (String orderNo : orders.findOverdue(clock.instant().minus(grace), limit)) {
            try {
                if (timeOut(orderNo, null)) {
                    cancelled++;
                    // With the timeout message, a sweep that cancels means the message was lost or late.
                    log.atLevel(properties.timeoutMessage() ? Level.WARN : Level.INFO).log(
                            "overdue order cancelled by the sweeper{} orderNo={}",
                            properties.timeoutMessage() ? " (its timeout message was lost or late)" : "", orderNo);
                }
            } catch (IllegalOrderTransitionException | PaymentDeadlineNotReachedException
                     | OptimisticLockingFailureException raced) {
                log.info("sweeper skipped orderNo={}: {}", orderNo, raced.getMessage());
            }
        }
        return cancelled;
    }

    /** The inbox insert of the message being handled, run inside the local transaction. */
    @FunctionalInterface
    public interface InboxStep {
        /** @return {@code false} if the message was handled before */
        boolean firstDelivery();
    }

    /** Thrown inside a local transaction to roll it (and its half message) back for a duplicate message. */
    private static final class DuplicateDelivery extends RuntimeException {
        DuplicateDelivery() {
            super(null, null, false, false);
        }
    }

    private void store(Order order) {
        if (!orders.update(order)) {
            throw new OptimisticLockingFailureException("order " + order.orderNo() + " changed concurrently");
        }
    }

    /** @throws OrderNotFoundException if there is no such order */
    public Order get(String orderNo) {
        return orders.findByOrderNo(orderNo).orElseThrow(() -> new OrderNotFoundException(orderNo));
    }

    private Placement findEarlierPlacement(PlaceOrder command) {
        if (command.idempotencyKey().isEmpty()) {
            return null;
        }
        return orders.findByIdempotencyKey(command.userId(), command.idempotencyKey().get())
                .map(order -> {
                    if (!order.wasPlacedFor(command)) {
                        throw new IdempotencyKeyReusedException(order.orderNo());
                    }
                    log.info("idempotent retry answered orderNo={} userId={}", order.orderNo(), order.userId());
                    return new Placement(order, false);
                })
                .orElse(null);
    }

    static List<OrderLine> lines(Order order) {
        return order.items().stream().map(i -> new OrderLine(i.sku(), i.quantity(), i.unitPrice())).toList();
    }
}
