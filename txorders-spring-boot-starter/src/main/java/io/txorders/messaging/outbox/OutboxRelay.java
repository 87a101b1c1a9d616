package io.txorders.messaging.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.retention.ExpiredRows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Publishes pending outbox rows to their topic, lowest id first, at least once.
 *
 * <p>One thread per instance runs the rounds: woken after the commit of every transaction that appended rows
 * ({@link #wakeUp()}), with {@code txorders.outbox.poll-interval} only as the backstop. Each round claims a batch with
 * a lease (so two relay instances never send the same row at once), sends the rows (in id order per order, orders
 * in parallel) and marks those that went out SENT in one statement. A failed send backs off exponentially (capped at
 * {@code maxBackoff}) and holds back the later rows of its order: given back unsent, and not claimed again while it
 * waits ({@link OutboxRepository#claim}), so they never overtake it. What happens next depends on
 * why the send failed:
 * <ul>
 *   <li>the broker could not be reached or did not answer in time (any failure but an
 *       {@link OutboxMessageRejectedException}): the row stays PENDING and is tried again for as long as the
 *       outage lasts. Its attempts keep counting, for visibility only: an outage longer than the attempts times
 *       the back-off must not turn every reservation outcome of that time into a DEAD row and time the orders out;
 *   <li>the broker rejected the message itself ({@link OutboxMessageRejectedException}): after {@code maxAttempts}
 *       attempts the row is DEAD ({@code txorders.outbox.dead} counter, ERROR log) and waits for an operator to
 *       requeue it ({@link OutboxOperations}).
 * </ul>
 * A relay that dies between send and mark leaves the rows to be sent again after their lease: the receiver's inbox
 * drops the duplicate. {@code txorders.outbox.backlog} gauges the PENDING rows and
 * {@code txorders.outbox.oldest.pending.age} (seconds) how long the oldest of them has waited: the signal of an
 * outage, since nothing else gives up.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /**
     * Rounds the loop keeps in flight at once. More would overlap more claims with broker round trips, but each
     * round holds its rows' leases and a thread's worth of marking; four covers a broker round trip several times
     * longer than a claim.
     */
    static final int ROUNDS_IN_FLIGHT = 4;

    private final OutboxRepository rows;
    private final OutboxMessageSender sender;
    private final OutboxProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestPendingAgeSeconds = new AtomicLong();
    private final ExpiredRows sentRows;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    /** Whether the last backlog refresh failed (fixed-delay runs of the refresh never overlap). */
    private boolean backlogStale;
    private volatile Thread loop;

    public OutboxRelay(OutboxRepository rows, OutboxMessageSender sender, OutboxProperties properties,
                       MeterRegistry meters, Clock clock) {
        this.rows = rows;
        this.sender = sender;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        // At 0 from the start: a series that first appears at 1 has no increase an alert could see.
        meters.counter("txorders.outbox.dead");
        this.sentRows = new ExpiredRows("outbox", "txorders.outbox.retention", properties.retention(), Duration.ofHours(1),
                rows::purgeSentBefore, clock);
        Gauge.builder("txorders.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows waiting to be published")
                .register(meters);
        Gauge.builder("txorders.outbox.oldest.pending.age", oldestPendingAgeSeconds, AtomicLong::get)
                .description("Age of the oldest outbox row waiting to be published (0 when none)")
                .baseUnit("seconds")
                .register(meters);
    }

    /**
     * Asks the relay loop to run a round now instead of at the end of its poll interval: called after the commit of a
     * transaction that appended rows ({@link Outbox}). Never blocks; wake-ups that come while a round runs fold into
     * one more round.
     */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /**
     * Starts the relay loop ({@code txorders.outbox.relay}, default on): one thread, so this instance sends its rows in
     * id order; each round drains what is due, then the loop waits for a {@link #wakeUp()} or, as a backstop for rows
     * another instance wrote or whose wake-up was lost, at most {@code txorders.outbox.poll-interval}.
     */
    @Override
    public void start() {
        if (!properties.relay() || loop != null) {
            return;
        }
        running = true;
        loop = new Thread(this::relayUntilStopped, "outbox-relay");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = loop;
        loop = null;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(properties.lease().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    /**
     * The loop overlaps rounds: a new round is claimed while earlier rounds' sends are still in flight (at most
     * {@value #ROUNDS_IN_FLIGHT}), so a row committed during a round waits for a claim, not for that round's broker
     * round trip and mark. Overlapping keeps id order per order because a claim never takes a row behind an earlier
     * PENDING row of its order ({@link OutboxRepository#claim}), and a row in flight stays PENDING until marked.
     * A round's completion wakes the loop to mark it.
     */
    private void relayUntilStopped() {
        // This start's thread: after a stop whose join timed out and a new start, running is true again, and only
        // this tells the old thread it is no longer the relay.
        Thread self = Thread.currentThread();
        Deque<Round> inFlight = new ArrayDeque<>();
        try {
            while (running && loop == self) {
                try {
                    wakeUps.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                } catch (InterruptedException e) {
                    if (!running || loop != self) {
                        return;
                    }
                    // Not a stop (stop() clears running and loop first): ending here would leave isRunning() true and
                    // this instance's rows unsent until their lease, with nothing to say so.
                    log.warn("outbox relay interrupted while not stopping; it goes on");
                    continue;
                }
                try {
                    finishCompleted(inFlight);
                    while (running && inFlight.size() < ROUNDS_IN_FLIGHT) {
                        Round round = startRound();
                        if (round == null) {
                            break;
                        }
                        inFlight.add(round);
                        round.sends().whenComplete((done, failure) -> wakeUp());
                        if (round.claimed() < properties.batchSize()) {
                            break; // nothing more is due now; after a full batch more may be, so claim again at once
                        }
                    }
                } catch (RuntimeException e) {
                    if (running) {
                        log.warn("outbox relay round failed, retrying next round: {}", e.toString());
                    }
                } catch (Error e) {
                    // This thread is the instance's only relay: it goes on rather than end with nothing but the JVM's
                    // stderr to tell. Rows of a round cut short go out again after their lease.
                    log.error("outbox relay round failed unexpectedly, retrying next round", e);
                }
            }
        } finally {
            // Stopping: what went out is marked, what did not is given back (stop() waits at most the lease).
            for (Round round : inFlight) {
                try {
                    finish(round);
                } catch (RuntimeException e) {
                    log.warn("outbox relay round not finished on stop, its rows go out again after their lease: {}",
                            e.toString());
                }
            }
        }
    }

    /** Finishes the rounds whose sends all completed or whose lease ran out, in whatever order they completed. */
    private void finishCompleted(Deque<Round> inFlight) {
        long now = System.nanoTime();
        for (Iterator<Round> rounds = inFlight.iterator(); rounds.hasNext(); ) {
            Round round = rounds.next();
            if (round.sends().isDone() || now - round.leaseEndsNanos() >= 0) {
                rounds.remove();
                finish(round);
            }
        }
    }

    /** Reads the backlog gauges from the table now (scheduled every {@code txorders.outbox.backlog-refresh}). */
    @Scheduled(fixedDelayString = "${txorders.outbox.backlog-refresh:5s}")
    public void refreshBacklog() {
        try {
            backlog.set(rows.countPending());
            Instant now = clock.instant();
            // Never negative: another instance's clock may run a little ahead of this one.
            oldestPendingAgeSeconds.set(rows.oldestPendingCreatedAt()
                    .map(createdAt -> Math.max(0, Duration.between(createdAt, now).toSeconds()))
                    .orElse(0L));
            if (backlogStale) {
                backlogStale = false;
                log.info("outbox backlog gauges refreshed again");
            }
        } catch (RuntimeException e) {
            // Once per outage at WARN: the gauges the outbox alerts watch keep their last value meanwhile.
            if (!backlogStale) {
                backlogStale = true;
                log.warn("outbox backlog not refreshed, txorders.outbox.backlog and oldest.pending.age keep their last "
                        + "value until it is: {}", e.toString());
            } else {
                log.debug("outbox backlog still not refreshed: {}", e.toString());
            }
        }
    }

    @Scheduled(initialDelayString = "1h", fixedDelayString = "1h")
    void purgeSent() {
        sentRows.purgeOrLog();
    }

    /**
     * One round: claim, send, mark. The rows of one order go out one after another in id order, each only once the
     * broker confirmed the one before; rows of different orders are in flight at once, so a round costs about one
     * broker round trip rather than one per row. Nothing while the sender is not {@link OutboxMessageSender#ready()}.
     *
     * <p>A failed send fails its row (back-off, or DEAD after a rejection, see the class comment) and holds back the
     * later rows of the same order in this batch: they are given back unsent, so they cannot overtake it. A send
     * that has not finished within the lease is given back too (it may still be stored: the receiver's inbox then
     * drops the second copy).
     *
     * @return how many rows were claimed
     */
    public int relayOnce() {
        Round round = startRound();
        if (round == null) {
            return 0;
        }
        try {
            round.sends().get(properties.lease().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Each row's own outcome is read by finish.
        }
        finish(round);
        return round.claimed();
    }

    /** A claimed batch whose sends were started: {@code sends} completes when every one of them has. */
    private record Round(String token, int claimed, int rows, Map<OutboxEntry, CompletableFuture<Void>> each,
                         CompletableFuture<Void> sends, long leaseEndsNanos) {
    }

    /** Claims a batch and starts its sends; {@code null} when nothing was claimed or the sender is not ready. */
    private Round startRound() {
        if (!sender.ready()) {
            return null;
        }
        String token = instanceId + "-" + rounds.incrementAndGet();
        Instant now = clock.instant();
        int claimed = rows.claim(token, now, now.plus(properties.lease()), properties.batchSize());
        if (claimed == 0) {
            return null;
        }
        long leaseEnds = System.nanoTime() + properties.lease().toNanos();
        List<OutboxEntry> batch = rows.findClaimed(token);
        Map<OutboxEntry, CompletableFuture<Void>> sends = sendInOrderPerOrder(batch);
        CompletableFuture<Void> all = CompletableFuture.allOf(sends.values().toArray(CompletableFuture[]::new));
        return new Round(token, claimed, batch.size(), sends, all, leaseEnds);
    }

    /**
     * Marks the rows of a round that went out SENT (one statement), fails those whose send failed, and gives back
     * the rest: held back behind a failed row, or still unconfirmed when this is called.
     */
    private void finish(Round round) {
        List<Long> sent = new ArrayList<>(round.rows());
        Map<OutboxEntry, RuntimeException> failures = new LinkedHashMap<>();
        for (Map.Entry<OutboxEntry, CompletableFuture<Void>> send : round.each().entrySet()) {
            OutboxEntry entry = send.getKey();
            CompletableFuture<Void> future = send.getValue();
            if (!future.isDone()) {
                continue;
            }
            if (!future.isCompletedExceptionally()) {
                sent.add(entry.id());
                log.debug("outbox sent id={} type={} eventId={} orderNo={}", entry.id(), entry.eventType(),
                        entry.eventId(), entry.orderNo());
                continue;
            }
            RuntimeException failure = failureOf(future);
            if (!(failure instanceof HeldBack)) {
                failures.put(entry, failure);
            }
        }
        markSent(sent, round.token());
        failures.forEach((entry, failure) -> fail(entry, round.token(), failure));
        if (sent.size() + failures.size() < round.rows()) {
            rows.release(round.token());
        }
    }

    /**
     * Starts every row's send: the first row of each order at once, each later row of that order once the one before
     * it was confirmed. A row behind a failed one completes with {@link HeldBack} without being sent.
     */
    private Map<OutboxEntry, CompletableFuture<Void>> sendInOrderPerOrder(List<OutboxEntry> batch) {
        Map<OutboxEntry, CompletableFuture<Void>> sends = new LinkedHashMap<>();
        Map<String, CompletableFuture<Void>> lastOfOrder = new HashMap<>();
        for (OutboxEntry entry : batch) {
            // A row without an order number has no order to keep; its id stands in as its own key.
            String key = entry.orderNo() == null ? "#" + entry.id() : entry.orderNo();
            CompletableFuture<Void> before = lastOfOrder.get(key);
            CompletableFuture<Void> send = before == null ? sendNow(entry)
                    : before.handle((ok, failure) -> failure)
                            .thenCompose(failure -> failure == null ? sendNow(entry)
                                    : CompletableFuture.<Void>failedFuture(new HeldBack()));
            lastOfOrder.put(key, send);
            sends.put(entry, send);
        }
        return sends;
    }

    private CompletableFuture<Void> sendNow(OutboxEntry entry) {
        try {
            return sender.sendAsync(entry);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static RuntimeException failureOf(CompletableFuture<Void> future) {
        try {
            future.join();
            throw new IllegalStateException("not failed");
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
    }

    /** The outcome of a row not sent because an earlier row of its order failed in the same round. */
    private static final class HeldBack extends RuntimeException {
        HeldBack() {
            super("held back behind a failed row of the same order", null, false, false);
        }
    }

    /**
     * One UPDATE for the rows of a round that went out (one log flush, not one per row). A relay that dies before it
     * leaves them claimed: they are sent again after the lease, and the receiver's inbox drops the duplicates.
     */
    private void markSent(List<Long> sent, String token) {
        int marked = rows.markSent(sent, token, clock.instant());
        if (marked < sent.size()) {
            log.warn("outbox claim lost before marking sent (lease too short?) sent={} marked={} ids={}", sent.size(),
                    marked, sent);
        }
    }

    private void fail(OutboxEntry entry, String token, RuntimeException e) {
        int attempts = entry.attempts() + 1;
        boolean rejected = e instanceof OutboxMessageRejectedException;
        // Only the broker's verdict on the message counts towards DEAD; an unreachable broker is waited out.
        boolean dead = rejected && attempts >= properties.maxAttempts();
        Instant next = clock.instant().plus(properties.backoffAfter(attempts));
        String error = String.valueOf(e.getMessage());
        rows.markFailed(entry.id(), token, attempts, next, error.length() > 500 ? error.substring(0, 500) : error, dead);
        if (dead) {
            meters.counter("txorders.outbox.dead").increment();
            log.error("outbox row DEAD after {} attempts, rejected by the broker id={} type={} eventId={} orderNo={}: {}",
                    attempts, entry.id(), entry.eventType(), entry.eventId(), entry.orderNo(), error);
        } else {
            log.warn("outbox send failed ({}) attempt={} next={} id={} eventId={} orderNo={}: {}",
                    rejected ? "rejected" : "broker unavailable", attempts, next, entry.id(), entry.eventId(),
                    entry.orderNo(), error);
        }
    }
}
