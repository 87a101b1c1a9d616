package io.txorders.messaging.rocketmq;

import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.publish.CheckBackAnswer;
import io.txorders.messaging.publish.CommitConfirmations;
import io.txorders.messaging.publish.CommitOutcomeUnknownException;
import io.txorders.messaging.publish.EventPublishingUnavailableException;
import io.txorders.messaging.publish.PublishFaults;
import io.txorders.messaging.publish.TransactionStateCheck;
import io.txorders.messaging.publish.TransactionStateRepository;
import io.txorders.messaging.publish.TransactionalEventPublisher;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional publish of design §3 with rocketmq-client-java: {@code beginTransaction} + {@code send}
 * (the half message, invisible to consumers), then one local transaction that inserts the {@code tx_state}
 * COMMITTED row <em>first</em> and then runs the business change, then {@code commit} or {@code rollback}.
 *
 * <p>Failure semantics: if the half message cannot be sent in {@value #HALF_MESSAGE_ATTEMPTS} attempts, nothing is
 * written ({@link EventPublishingUnavailableException}); the same when a check-back's tombstone is already in
 * {@code tx_state} (the broker was told ROLLBACK before the local transaction began: a retry is a new publish). If the local transaction fails, its exception is rethrown
 * after the rollback is sent. If commit or rollback does not reach the broker (it may still have arrived
 * even when the client reports an error), the broker checks back and {@link TransactionStateChecker} answers
 * from {@code tx_state}, so the caller's result stands either way. A commit the proxy took is recorded in
 * {@link CommitConfirmations}; the COMMITTED row keeps the message body, so a publish the broker gave up on
 * (no commit, no answered check) can be rebuilt and republished byte for byte. Counted as
 * {@code txorders.tx.published{event,outcome}}. {@link PublishFaults} may break any step on purpose, for simulations.
 */
public class RocketMqTransactionalEventPublisher implements TransactionalEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(RocketMqTransactionalEventPublisher.class);

    /**
     * rocketmq-client-java never retries a transactional send itself. Each attempt takes the next queue of the
     * topic's route, so with one of several brokers down (its queues still in the route for up to a route
     * refresh) a retry lands on a live one. Safe because nothing local has run yet: a half message an earlier
     * attempt did store after all carries the same event id, so its check-back gets the same answer from
     * tx_state as this one, and a duplicate delivery is absorbed by the consumers' inboxes.
     */
    static final int HALF_MESSAGE_ATTEMPTS = 3;

    /** The {@code outcome} tag values of {@code txorders.tx.published}. */
    static final List<String> OUTCOMES = List.of("commit", "rollback", "unknown", "unavailable");

    private final Producer producer;
    private final ClientServiceProvider provider;
    private final TransactionStateRepository states;
    private final CommitConfirmations confirmations;
    private final TransactionStateCheck check;
    private final TransactionTemplate transactions;
    private final PublishFaults faults;
    private final MeterRegistry meters;
    private final Clock clock;
    private final EventCodec codec = new EventCodec();

    public RocketMqTransactionalEventPublisher(Producer producer, ClientServiceProvider provider,
                                        TransactionStateRepository states, CommitConfirmations confirmations,
                                        TransactionStateCheck check, TransactionTemplate transactions,
                                        PublishFaults faults, MeterRegistry meters, Clock clock) {
        this.producer = producer;
        this.provider = provider;
        this.states = states;
        this.confirmations = confirmations;
        this.check = check;
        this.transactions = transactions;
        this.faults = faults;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Registers {@code txorders.tx.published} at 0 for every outcome of every event type published to {@code topics},
     * and returns this publisher. A counter created by its first increment starts at 1, with no earlier sample for
     * {@code rate()} to rise from: the first refusal after a start would be invisible to the alert that watches
     * {@code outcome="unavailable"}.
     */
    public RocketMqTransactionalEventPublisher countingFromZero(Collection<Topic> topics) {
        for (EventType type : EventType.values()) {
            if (topics.contains(type.topic())) {
                for (String outcome : OUTCOMES) {
                    meters.counter("txorders.tx.published", "event", type.name(), "outcome", outcome);
                }
            }
        }
        return this;
    }

    @Override
    public <T> T publish(Event event, Supplier<T> localChange) {
        byte[] body = codec.encode(event);
        Transaction transaction = sendHalfMessage(event, body);
        faults.afterHalfMessage(event);
        T result;
        // Set as the callback's last step: after it, a failure is the commit's, whose outcome is then unknown here.
        AtomicReference<T> changed = new AtomicReference<>();
        AtomicBoolean changeRan = new AtomicBoolean();
        try {
            result = transactions.execute(status -> {
                // First: takes the key lock a concurrent check-back waits on, or fails if a tombstone is there.
                try {
                    states.insertCommitted(event.eventId(), event.orderNo(), event.type().name(), body,
                            clock.instant());
                } catch (DuplicateKeyException tombstone) {
                    // The broker checked back before this transaction began and was told ROLLBACK: the change must
                    // not happen, and the request may simply be retried — for every use of the publish alike.
                    throw new EventPublishingUnavailableException("a check-back rolled back " + event.type()
                            + " eventId=" + event.eventId() + " before its local transaction ran; nothing was changed",
                            tombstone);
                }
                T value = localChange.get();
                faults.insideLocalTransaction(event);
                changed.set(value);
                changeRan.set(true);
                return value;
            });
        } catch (RuntimeException e) {
            if (changeRan.get()) {
                return afterAnUnknownCommit(transaction, event, changed.get(), e);
            }
            if (faults.sendEnd(event, false)) {
                rollback(transaction, event);
            }
            count(event, "rollback");
            throw e;
        }
        if (faults.sendEnd(event, true)) {
            commit(transaction, event);
        }
        count(event, "commit");
        return result;
    }

    /**
     * The local change ran but its commit failed or its answer was lost (a connection reset, the socket timeout): the
     * database may have committed it. A rollback sent now would drop the message of a committed change until the
     * discarded-publish recovery, long after; so {@code tx_state} is asked, exactly as the broker's check-back asks it
     * (waiting on the row lock of a commit still running, leaving a tombstone when there is no row): COMMIT sends the
     * commit and returns the change's result (confirmed once the commit is sent, as always); ROLLBACK sends the
     * rollback and rethrows; UNKNOWN (the database cannot be reached, or the question itself failed) sends neither,
     * for the broker's check-back to settle later, and throws {@link CommitOutcomeUnknownException}: the change may
     * have been made.
     */
    private <T> T afterAnUnknownCommit(Transaction transaction, Event event, T result, RuntimeException failure) {
        CheckBackAnswer answer;
        try {
            answer = check.outcomeOfLocalCommit(event.eventId(), event.orderNo(), event.type().name());
        } catch (RuntimeException unanswerable) {
            failure.addSuppressed(unanswerable);
            answer = CheckBackAnswer.UNKNOWN;
        }
        log.warn("commit of the local transaction of {} failed or went unanswered, tx_state says {} eventId={} "
                + "orderNo={}: {}", event.type(), answer, event.eventId(), event.orderNo(), failure.toString());
        switch (answer) {
            case COMMIT -> {
                if (faults.sendEnd(event, true)) {
                    commit(transaction, event);
                }
                count(event, "commit");
                return result;
            }
            case ROLLBACK -> {
                if (faults.sendEnd(event, false)) {
                    rollback(transaction, event);
                }
                count(event, "rollback");
                throw failure;
            }
            default -> {
                count(event, "unknown");
                throw new CommitOutcomeUnknownException("the commit of " + event.type() + " eventId=" + event.eventId()
                        + " orderNo=" + event.orderNo() + " went unanswered and tx_state cannot say whether it was made; "
                        + "the broker's check-back settles its message", failure);
            }
        }
    }

    private Transaction sendHalfMessage(Event event, byte[] body) {
        Message message = RocketMqCommittedPublishSender.eventMessage(provider, event.type(), event.eventId(),
                event.orderNo(), body);
        for (int attempt = 1; ; attempt++) {
            try {
                Transaction transaction = producer.beginTransaction();
                var receipt = producer.send(message, transaction);
                log.info("half message sent type={} eventId={} orderNo={} messageId={}", event.type(),
                        event.eventId(), event.orderNo(), receipt.getMessageId());
                return transaction;
            } catch (ClientException | RuntimeException e) {
                // The client also throws unchecked gRPC errors (UNAVAILABLE while the proxy is down).
                if (attempt < HALF_MESSAGE_ATTEMPTS) {
                    log.warn("half message of {} not taken (attempt {} of {}), trying the next queue eventId={} "
                                    + "orderNo={}: {}", event.type(), attempt, HALF_MESSAGE_ATTEMPTS, event.eventId(),
                            event.orderNo(), e.getMessage());
                    continue;
                }
                count(event, "unavailable");
                throw new EventPublishingUnavailableException("RocketMQ did not take the half message of "
                        + event.type() + " eventId=" + event.eventId() + " in " + HALF_MESSAGE_ATTEMPTS + " attempts: "
                        + e.getMessage(), e);
            }
        }
    }

    private void commit(Transaction transaction, Event event) {
        try {
            transaction.commit();
            confirmations.confirm(event.eventId());
            log.info("local transaction committed, commit sent type={} eventId={} orderNo={}", event.type(),
                    event.eventId(), event.orderNo());
        } catch (ClientException | RuntimeException e) {
            // The local transaction is committed: never fail the request now. The check-back commits it.
            log.warn("commit of {} did not reach RocketMQ eventId={} orderNo={}; the check-back will answer COMMIT "
                    + "from tx_state: {}", event.type(), event.eventId(), event.orderNo(), e.getMessage());
        }
    }

    private void rollback(Transaction transaction, Event event) {
        try {
            transaction.rollback();
        } catch (ClientException | RuntimeException e) {
            log.warn("rollback of {} did not reach RocketMQ eventId={} orderNo={}; the check-back will answer "
                    + "ROLLBACK from tx_state: {}", event.type(), event.eventId(), event.orderNo(), e.getMessage());
        }
    }

    private void count(Event event, String outcome) {
        meters.counter("txorders.tx.published", "event", event.type().name(), "outcome", outcome).increment();
    }
}
