package io.txorders.messaging.inbox;

import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.UnreadableEventException;
import io.txorders.messaging.tracing.MessageTracing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes one message of a consumer group idempotently (design §4): reads the event, then applies it in
 * one database transaction that first inserts the inbox row; a duplicate inbox key means "already done".
 *
 * <p>Failure semantics: an unreadable body goes to {@link DeadLetters} at once and is acknowledged (retrying
 * cannot make it readable, and it must not block other messages). A transient failure
 * ({@link TransientFailures}) is retried in-process by the given resilience4j {@link Retry}, which is safe
 * because the whole unit is idempotent; what still fails is reported as not acknowledged, so the broker
 * redelivers it with back-off and, after its last attempt, moves it to the group's {@code %DLQ%} topic.
 * Every message is counted as {@code txorders.consumer.messages{group,outcome}} and logged with its
 * {@code eventId} and {@code orderNo} (also in the MDC while it is handled).
 *
 * <p>Tracing: each message is handled in a span that continues the trace it carries ({@link MessageTracing}), so
 * its log lines and the messages its handler publishes share the {@code traceId} of the work that sent it; a batch
 * of several messages runs in one span linked to each message's trace.
 */
public class IdempotentConsumer {

    private static final Logger log = LoggerFactory.getLogger(IdempotentConsumer.class);

    /** Applies an event inside the transaction that already holds its new inbox row. */
    @FunctionalInterface
    public interface Handler {
        /** @return APPLIED, or REJECTED for a business rejection that is recorded and acknowledged */
        ConsumeOutcome apply(Event event);
    }

    /**
     * Applies an event in a transaction of its own making (e.g. a transactional publish whose local
     * transaction must contain the inbox row), calling {@link InboxStep#firstDelivery()} inside it.
     */
    @FunctionalInterface
    public interface SelfTransactedHandler {
        /** @return APPLIED, REJECTED, or DUPLICATE when {@link InboxStep#firstDelivery()} said so */
        ConsumeOutcome apply(Event event, InboxStep inbox);
    }

    /** The inbox insert, to run inside the handler's own transaction. */
    @FunctionalInterface
    public interface InboxStep {
        /** @return {@code true} the first time; {@code false} for a duplicate (do nothing then) */
        boolean firstDelivery();
    }

    /** Applies the first deliveries of a batch inside the one transaction that holds their new inbox rows. */
    @FunctionalInterface
    public interface BatchHandler {
        /** @return the outcome per event id (APPLIED or REJECTED), one for every event given */
        Map<UUID, ConsumeOutcome> apply(List<Event> events);
    }

    private final String group;
    private final InboxGuard inbox;
    private final DeadLetters deadLetters;
    private final TransactionTemplate transactions;
    private final Retry retry;
    private final MeterRegistry meters;
    private final MessageTracing tracing;
    private final EventCodec codec = new EventCodec();

    /** @param tracing the span each message is handled in; {@link MessageTracing#NONE} without tracing */
    public IdempotentConsumer(String group, InboxGuard inbox, DeadLetters deadLetters,
                              PlatformTransactionManager transactionManager, Retry retry, MeterRegistry meters,
                              MessageTracing tracing) {
        this.group = group;
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.transactions = new TransactionTemplate(transactionManager);
        // READ COMMITTED: a locking read of a row that does not exist yet (e.g. a first reservation) takes no gap
        // lock, so concurrent handlers do not deadlock on inserts into the same index gap. Effects rely on
        // conditional updates and primary keys, not on REPEATABLE READ snapshots.
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.retry = retry;
        this.meters = meters;
        this.tracing = tracing;
        // At 0 from the start: a counter born at 1 gives rate() no earlier sample, so the alert on failed messages
        // would miss the first failure after a start.
        for (ConsumeOutcome outcome : ConsumeOutcome.values()) {
            meters.counter("txorders.consumer.messages", "group", group, "outcome", outcome.tag());
        }
    }

    public String group() {
        return group;
    }

    /**
     * Consumes a message with a handler that runs inside the inbox transaction.
     *
     * @return whether to acknowledge the message
     */
    public boolean consume(InboundMessage message, Handler handler) {
        return consumeIfWanted(message, event -> true, handler);
    }

    /**
     * Consumes a message like {@link #consume(InboundMessage, Handler)} when {@code wanted} accepts its event;
     * otherwise acknowledges it as {@link ConsumeOutcome#IGNORED} without opening a transaction. For groups whose
     * effect is often empty, where an inbox row per message would be the only write. {@code wanted} runs inside
     * the retry, so a transient failure of its own (a database read) is retried like the handler's.
     *
     * @return whether to acknowledge the message
     */
    public boolean consumeIfWanted(InboundMessage message, Predicate<Event> wanted, Handler handler) {
        return run(message, event -> wanted.test(event)
                ? transactions.execute(status -> inbox.record(group, event) ? handler.apply(event)
                        : ConsumeOutcome.DUPLICATE)
                : ConsumeOutcome.IGNORED);
    }

    /**
     * Consumes a message with a handler that opens its own transaction and records the inbox row in it. The event is
     * looked up in the inbox first, so a duplicate never reaches the handler: for handlers that send something before
     * their transaction begins (a transactional publish sends its half message first).
     *
     * @return whether to acknowledge the message
     */
    public boolean consumeSelfTransacted(InboundMessage message, SelfTransactedHandler handler) {
        return consumeSelfTransacted(message, event -> true, handler);
    }

    /**
     * Consumes a message like {@link #consumeSelfTransacted(InboundMessage, SelfTransactedHandler)}, but looks the
     * event up in the inbox before the handler only when {@code sendsBeforeItsTransaction} accepts it. Any other event
     * goes straight to the handler, whose {@link InboxStep#firstDelivery()} in its transaction tells a duplicate, as in
     * {@link #consume}: one database round trip less per message (for order-producer's StockReserved, one per order).
     *
     * @return whether to acknowledge the message
     */
    public boolean consumeSelfTransacted(InboundMessage message, Predicate<Event> sendsBeforeItsTransaction,
                                         SelfTransactedHandler handler) {
        return run(message, event -> sendsBeforeItsTransaction.test(event) && inbox.seen(group, event.eventId())
                ? ConsumeOutcome.DUPLICATE
                : handler.apply(event, () -> inbox.record(group, event)));
    }

    /**
     * Consumes messages in one transaction: the inbox row of every readable message is inserted (a duplicate,
     * also within the batch, is skipped), then {@code batchHandler} applies the first deliveries, and everything
     * commits together. Unreadable messages go to {@link DeadLetters} as in {@link #consume}; one the dead-letter table
     * cannot take is not acknowledged, and neither is any unreadable message after it in the batch (each would wait
     * out the same database timeout).
     *
     * <p>Failure semantics: if the batch transaction fails (a concurrent redelivery of one of its messages, a lock
     * conflict, a poisoned message), nothing of it is kept and every message is consumed again on its own with
     * {@code oneByOne} through {@link #consume}, with its retries; so one bad message costs the batch its speed, never
     * another message its effect. If it failed because the database cannot be reached, no message is tried on its own:
     * each would wait out the same connection timeout with its retries, a batch would take longer than the broker
     * keeps it invisible, and every redelivery meanwhile would use up one of the message's attempts. Every readable
     * message is then returned as not done, to come back after the broker's back-off for its attempt.
     *
     * @return per message, in the order given, whether to acknowledge it
     */
    public List<Boolean> consumeBatch(List<InboundMessage> messages, BatchHandler batchHandler, Handler oneByOne) {
        return tracing.consumeBatch(group, messages, () -> consumeBatchTraced(messages, batchHandler, oneByOne));
    }

    private List<Boolean> consumeBatchTraced(List<InboundMessage> messages, BatchHandler batchHandler,
                                             Handler oneByOne) {
        Set<InboundMessage> notDeadLettered = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Boolean> acks = consumeBatchOf(messages, batchHandler, oneByOne, notDeadLettered);
        for (int i = 0; i < messages.size(); i++) {
            if (notDeadLettered.contains(messages.get(i))) {
                acks.set(i, false);
            }
        }
        return acks;
    }

    private List<Boolean> consumeBatchOf(List<InboundMessage> messages, BatchHandler batchHandler, Handler oneByOne,
                                         Set<InboundMessage> notDeadLettered) {
        meters.summary("txorders.consumer.batch.size", "group", group).record(messages.size());
        List<Boolean> acks = new ArrayList<>(messages.size());
        List<InboundMessage> readable = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (InboundMessage message : messages) {
            try {
                events.add(read(message));
                readable.add(message);
            } catch (UnreadableEventException e) {
                if (!notDeadLettered.isEmpty()) {
                    // One could not be recorded: the next would only wait out the same database timeout.
                    count(ConsumeOutcome.FAILED);
                    notDeadLettered.add(message);
                } else if (!deadLetterUnreadable(message, e)) {
                    notDeadLettered.add(message);
                }
            }
        }
        Map<UUID, ConsumeOutcome> outcomes;
        try {
            outcomes = transactions.execute(status -> {
                Map<UUID, ConsumeOutcome> decided = new HashMap<>();
                List<Event> firsts = new ArrayList<>();
                Set<UUID> recorded = inbox.recordAll(group, events);
                for (Event event : events) {
                    if (recorded.remove(event.eventId())) {
                        firsts.add(event);
                    } else {
                        decided.putIfAbsent(event.eventId(), ConsumeOutcome.DUPLICATE);
                    }
                }
                if (!firsts.isEmpty()) {
                    decided.putAll(batchHandler.apply(firsts));
                }
                return decided;
            });
        } catch (RuntimeException e) {
            if (TransientFailures.databaseUnreachable(e)) {
                log.warn("batch of {} not consumed, the database cannot be reached; each comes back after its back-off "
                        + "group={}: {}", readable.size(), group, e.toString());
                readable.forEach(message -> count(ConsumeOutcome.FAILED));
                messages.forEach(message -> acks.add(!readable.contains(message)));
                return acks;
            }
            log.warn("batch of {} failed, consuming its messages one by one group={}: {}", readable.size(), group,
                    e.toString());
            for (InboundMessage message : messages) {
                acks.add(!readable.contains(message) || consume(message, oneByOne));
            }
            return acks;
        }
        Map<UUID, Integer> seen = new HashMap<>();
        for (int i = 0; i < readable.size(); i++) {
            Event event = events.get(i);
            // The second copy of an event within one batch is a duplicate of the first.
            ConsumeOutcome outcome = seen.merge(event.eventId(), 1, Integer::sum) > 1 ? ConsumeOutcome.DUPLICATE
                    : outcomes.getOrDefault(event.eventId(), ConsumeOutcome.DUPLICATE);
            count(outcome);
            logOutcome(readable.get(i), event, outcome, messages.size());
        }
        messages.forEach(message -> acks.add(true));
        return acks;
    }

    private boolean run(InboundMessage message, Function<Event, ConsumeOutcome> work) {
        return tracing.consume(group, message, () -> runTraced(message, work));
    }

    private boolean runTraced(InboundMessage message, Function<Event, ConsumeOutcome> work) {
        Event event;
        try {
            event = read(message);
        } catch (UnreadableEventException e) {
            return deadLetterUnreadable(message, e);
        }
        MDC.put("eventId", event.eventId().toString());
        MDC.put("orderNo", event.orderNo());
        try {
            ConsumeOutcome outcome = Retry.decorateSupplier(retry, () -> work.apply(event)).get();
            count(outcome);
            logOutcome(message, event, outcome, 1);
            return outcome != ConsumeOutcome.POSTPONED;
        } catch (RuntimeException e) {
            count(ConsumeOutcome.FAILED);
            log.warn("consume failed, the broker will redeliver group={} type={} eventId={} orderNo={} messageId={} "
                            + "attempt={}: {}", group, event.type(), event.eventId(), event.orderNo(),
                    message.messageId(), message.deliveryAttempt(), e.toString());
            return false;
        } finally {
            MDC.remove("eventId");
            MDC.remove("orderNo");
        }
    }

    /**
     * Records an unreadable message as a dead letter; {@code true} if it is recorded (acknowledge it). When the
     * dead-letter table cannot take it (the database is down), the failure is counted and logged here, where the
     * service's log shows it, and the message is left to the broker to deliver again: {@code false}.
     */
    private boolean deadLetterUnreadable(InboundMessage message, UnreadableEventException unreadable) {
        try {
            deadLetters.record(group, message, "unreadable: " + unreadable.getMessage());
        } catch (RuntimeException notRecorded) {
            count(ConsumeOutcome.FAILED);
            log.warn("unreadable message not dead-lettered, the broker will redeliver group={} orderNo={} eventId={} "
                            + "messageId={} attempt={}: {}", group, message.orderNoKey(), message.eventIdKey(),
                    message.messageId(), message.deliveryAttempt(), notRecorded.toString());
            return false;
        }
        count(ConsumeOutcome.REJECTED);
        return true;
    }

    private void logOutcome(InboundMessage message, Event event, ConsumeOutcome outcome, int batchSize) {
        if (outcome == ConsumeOutcome.IGNORED) {
            log.debug("nothing to do group={} type={} eventId={} orderNo={}", group, event.type(), event.eventId(),
                    event.orderNo());
        } else if (outcome == ConsumeOutcome.POSTPONED) {
            log.info("not due yet, the broker will redeliver group={} type={} eventId={} orderNo={} messageId={} "
                    + "attempt={}", group, event.type(), event.eventId(), event.orderNo(), message.messageId(),
                    message.deliveryAttempt());
        } else if (outcome == ConsumeOutcome.DUPLICATE) {
            log.info("duplicate ignored group={} type={} eventId={} orderNo={} messageId={} attempt={}", group,
                    event.type(), event.eventId(), event.orderNo(), message.messageId(), message.deliveryAttempt());
        } else if (batchSize > 1) {
            log.info("consumed group={} type={} outcome={} eventId={} orderNo={} batch={}", group, event.type(),
                    outcome.tag(), event.eventId(), event.orderNo(), batchSize);
        } else {
            log.info("consumed group={} type={} outcome={} eventId={} orderNo={}", group, event.type(),
                    outcome.tag(), event.eventId(), event.orderNo());
        }
    }

    private Event read(InboundMessage message) {
        Event event = codec.decode(message.body());
        if (message.tag() != null && !message.tag().isEmpty() && !message.tag().equals(event.type().tag())) {
            throw new UnreadableEventException("tag " + message.tag() + " does not match body type " + event.type());
        }
        return event;
    }

    private void count(ConsumeOutcome outcome) {
        meters.counter("txorders.consumer.messages", "group", group, "outcome", outcome.tag()).increment();
    }
}
