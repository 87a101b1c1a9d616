package io.txorders.inventory.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.txorders.devstack.DevStackExtension;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.StockReserved;
import io.txorders.messaging.outbox.Outbox;
import io.txorders.messaging.outbox.OutboxEntry;
import io.txorders.messaging.outbox.OutboxMessageRejectedException;
import io.txorders.messaging.outbox.OutboxMessageSender;
import io.txorders.messaging.outbox.OutboxOperations;
import io.txorders.messaging.outbox.OutboxProperties;
import io.txorders.messaging.outbox.OutboxRelay;
import io.txorders.messaging.outbox.OutboxRepository;
import io.txorders.messaging.outbox.OutboxRow;
import io.txorders.messaging.outbox.OutboxStatus;
import io.txorders.messaging.rocketmq.RocketMqOutboxSender;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.mockito.ArgumentCaptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay's claim/lease, ordering, back-off, dead state (rejections only, never an outage), age gauge and requeue
 * against the real database.
 */
@ExtendWith(DevStackExtension.class)
// Neither the scheduled relay nor the order-events consumer: this context must not compete with the others.
@SpringBootTest(properties = {"txorders.outbox.relay=false", "inventory.consumer.enabled=false"})
@DirtiesContext
class OutboxRelayIT {

    @Autowired
    OutboxRepository rows;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Tracer tracer;
    @Autowired
    PlatformTransactionManager transactionManager;

    private final Clock clock = Clock.systemUTC();

    @BeforeEach
    void emptyOutbox() {
        jdbc.update("DELETE FROM outbox");
    }

    @Test
    void twoRelaysNeverSendTheSameRowAndEachRowGoesOutOnceInIdOrder() throws Exception {
        for (int i = 0; i < 300; i++) {
            rows.insert(UUID.randomUUID(), "StockReserved", "O" + i, "{}", clock.instant());
        }
        Map<UUID, AtomicInteger> sends = new ConcurrentHashMap<>();
        Map<UUID, Boolean> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        List<List<Long>> orderPerRelay = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> relays = new java.util.ArrayList<>();
        for (int r = 0; r < 2; r++) {
            List<Long> seen = orderPerRelay.get(r);
            OutboxRelay relay = relay(entry -> {
                if (inFlight.putIfAbsent(entry.eventId(), true) != null) {
                    overlaps.incrementAndGet();
                }
                sends.computeIfAbsent(entry.eventId(), id -> new AtomicInteger()).incrementAndGet();
                seen.add(entry.id());
                inFlight.remove(entry.eventId());
            }, 10, Duration.ofSeconds(30));
            relays.add(pool.submit(() -> {
                while (relay.relayOnce() > 0) {
                    // keep draining
                }
            }));
        }
        for (Future<?> f : relays) {
            f.get();
        }
        pool.shutdown();

        assertThat(sends).hasSize(300);
        assertThat(sends.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(overlaps).hasValue(0);
        orderPerRelay.forEach(ids -> assertThat(ids).isSorted());
        assertThat(rows.countPending()).isZero();
    }

    /**
     * The relay sends from a thread of its own, long after the reservation's span ended: the trace travels in the
     * row. Written in a span, the row's message carries that span's trace as {@code traceparent}.
     */
    @Test
    void theMessageOfARowCarriesTheTraceOfTheWorkThatWroteIt() throws Exception {
        Span reservation = tracer.nextSpan().name("reserve").start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(reservation)) {
            rows.insert(UUID.randomUUID(), "StockReserved", "O-traced", "{}", clock.instant());
        } finally {
            reservation.end();
        }
        Producer producer = mock(Producer.class);
        ArgumentCaptor<Message> sent = ArgumentCaptor.forClass(Message.class);
        when(producer.sendAsync(sent.capture())).thenReturn(CompletableFuture.completedFuture(mock(SendReceipt.class)));

        assertThat(relay(new RocketMqOutboxSender(producer, () -> true, ClientServiceProvider.loadService()), 10,
                Duration.ofSeconds(30)).relayOnce()).isEqualTo(1);

        assertThat(sent.getValue().getProperties().get("traceparent"))
                .startsWith("00-" + reservation.context().traceId() + "-");
    }

    /**
     * The relay does not wait for its poll: the commit that appended a row wakes it. With a poll interval of an hour,
     * only the wake-up can send the row; a transaction that rolls back leaves nothing to send.
     */
    @Test
    void theCommitThatAppendedARowWakesTheRelay() {
        List<UUID> sent = new CopyOnWriteArrayList<>();
        OutboxRelay relay = relay(entry -> sent.add(entry.eventId()), 10, Duration.ofSeconds(30), Duration.ofHours(1));
        Outbox outbox = new Outbox(rows, clock, relay::wakeUp);
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        StockReserved event = new StockReserved(UUID.randomUUID(), Event.CURRENT_VERSION, clock.instant(), "O-wake");
        relay.start();
        try {
            // The loop's first wait: an hour unless woken.
            transactions.executeWithoutResult(status -> outbox.append(event));

            await().untilAsserted(() -> assertThat(sent).containsExactly(event.eventId()));
            assertThat(rows.countPending()).isZero();
        } finally {
            relay.stop();
        }
        assertThat(relay.isRunning()).isFalse();
    }

    /**
     * A round does not send row after row: the rows of different orders are in flight at once, and a later row of an
     * order goes out only once the broker confirmed the one before it.
     */
    @Test
    void rowsOfDifferentOrdersAreInFlightTogetherWhileAnOrdersNextRowWaitsForItsConfirmation() throws Exception {
        UUID a1 = pending("StockReserved", "A");
        UUID b1 = pending("StockReserved", "B");
        UUID a2 = pending("StockReleased", "A");
        Map<UUID, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
        OutboxRelay relay = relay(confirmedByHand(inFlight), 10, Duration.ofSeconds(30));
        ExecutorService round = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> claimed = round.submit(relay::relayOnce);

            await().untilAsserted(() -> assertThat(inFlight).containsOnlyKeys(a1, b1));
            inFlight.get(a1).complete(null);
            await().untilAsserted(() -> assertThat(inFlight).containsOnlyKeys(a1, b1, a2));
            inFlight.get(b1).complete(null);
            inFlight.get(a2).complete(null);

            assertThat(claimed.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        } finally {
            round.shutdownNow();
        }
        assertThat(rows.countPending()).isZero();
    }

    /**
     * The running relay claims the next round while an earlier round's send is still unconfirmed, so a row written
     * meanwhile does not wait for that broker round trip; a later row of the order in flight still waits for it.
     */
    @Test
    void theRunningRelayClaimsTheNextRoundWhileAnEarlierSendIsUnconfirmedAndKeepsIdOrderPerOrder() {
        UUID a1 = pending("StockReserved", "A");
        Map<UUID, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
        OutboxRelay relay = relay(confirmedByHand(inFlight), 10, Duration.ofSeconds(30), Duration.ofMillis(100));
        relay.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.containsKey(a1));
            UUID b1 = pending("StockReserved", "B");
            UUID a2 = pending("StockReleased", "A");

            await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.containsKey(b1));
            assertThat(inFlight).as("A's next row waits for A's first").doesNotContainKey(a2);
            inFlight.get(a1).complete(null);
            inFlight.get(b1).complete(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.containsKey(a2));
            inFlight.get(a2).complete(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> rows.countPending() == 0);
        } finally {
            relay.stop();
        }
    }

    /** A failed row holds back the later rows of its order only; the other orders' rows go out in the same round. */
    @Test
    void aFailedRowHoldsBackItsOrdersLaterRowsButNotOtherOrders() {
        UUID a1 = pending("StockReserved", "A");
        UUID b1 = pending("StockReserved", "B");
        UUID a2 = pending("StockReleased", "A");
        List<UUID> sent = new CopyOnWriteArrayList<>();
        OutboxRelay relay = relay(entry -> {
            if (entry.eventId().equals(a1)) {
                throw new IllegalStateException("broker did not confirm");
            }
            sent.add(entry.eventId());
        }, 10, Duration.ofSeconds(30));

        relay.relayOnce();

        assertThat(sent).containsExactly(b1);
        assertThat(jdbc.queryForObject("SELECT status FROM outbox WHERE event_id = ?", String.class, b1.toString()))
                .isEqualTo("SENT");
        Map<String, Object> failed = jdbc.queryForMap("SELECT status, attempts FROM outbox WHERE event_id = ?",
                a1.toString());
        assertThat(failed.get("status")).isEqualTo("PENDING");
        assertThat(((Number) failed.get("attempts")).intValue()).isEqualTo(1);
        Map<String, Object> heldBack = jdbc.queryForMap("SELECT status, attempts, claimed_by FROM outbox "
                + "WHERE event_id = ?", a2.toString());
        assertThat(heldBack.get("status")).isEqualTo("PENDING");
        assertThat(((Number) heldBack.get("attempts")).intValue()).isZero();
        assertThat(heldBack.get("claimed_by")).isNull();
    }

    /**
     * A failed row backs off; the later rows of its order it held back must not overtake it in the rounds that run
     * while it waits (the relay's rounds go on for the other orders).
     */
    @Test
    void aRowBackingOffHoldsBackItsOrdersLaterRowsInTheFollowingRoundsToo() {
        UUID first = pending("StockReserved", "A");
        UUID second = pending("StockReleased", "A");
        UUID other = pending("StockReserved", "B");
        java.util.concurrent.atomic.AtomicBoolean brokerDown = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<UUID> sent = new CopyOnWriteArrayList<>();
        OutboxRelay relay = relay(entry -> {
            if (brokerDown.get() && entry.eventId().equals(first)) {
                throw new IllegalStateException("broker did not confirm");
            }
            sent.add(entry.eventId());
        }, 10, Duration.ofSeconds(30));

        relay.relayOnce();
        brokerDown.set(false);
        relay.relayOnce(); // the first row waits for its back-off (1 s): the second must wait with it

        assertThat(sent).containsExactly(other);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            relay.relayOnce();
            return sent.size() == 3;
        });
        assertThat(sent).containsExactly(other, first, second);
    }

    /** A transaction that appends many rows wakes the relay once, after its commit. */
    @Test
    void aTransactionThatAppendsManyRowsWakesTheRelayOnce() {
        AtomicInteger wakeUps = new AtomicInteger();
        Outbox outbox = new Outbox(rows, clock, wakeUps::incrementAndGet);
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);

        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < 5; i++) {
                outbox.append(new StockReserved(UUID.randomUUID(), Event.CURRENT_VERSION, clock.instant(), "O" + i));
            }
            assertThat(wakeUps).hasValue(0);
        });

        assertThat(wakeUps).hasValue(1);
        assertThat(rows.countPending()).isEqualTo(5);
    }

    @Test
    void aFailedSendBacksOffAndStopsTheRoundSoLaterRowsDoNotOvertake() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        rows.insert(first, "StockReserved", "O1", "{}", clock.instant());
        rows.insert(second, "StockReserved", "O1", "{}", clock.instant());
        List<UUID> sent = new CopyOnWriteArrayList<>();
        OutboxRelay relay = relay(entry -> {
            if (entry.eventId().equals(first)) {
                throw new IllegalStateException("broker down");
            }
            sent.add(entry.eventId());
        }, 10, Duration.ofSeconds(30));

        relay.relayOnce();

        assertThat(sent).isEmpty();
        Map<String, Object> row = jdbc.queryForMap("SELECT status, attempts, next_attempt_at, last_error FROM outbox "
                + "WHERE event_id = ?", first.toString());
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT next_attempt_at FROM outbox WHERE event_id = ?", java.sql.Timestamp.class,
                first.toString()).toInstant()).isAfter(java.time.Instant.now().minusSeconds(1));
        assertThat((String) row.get("last_error")).contains("broker down");
        assertThat(jdbc.queryForObject("SELECT claimed_by FROM outbox WHERE event_id = ?", String.class,
                second.toString())).isNull();
    }

    @Test
    void whileTheSenderIsNotReadyNothingIsClaimedAndNoAttemptIsSpent() {
        UUID waiting = UUID.randomUUID();
        rows.insert(waiting, "StockReserved", "O1", "{}", clock.instant());
        AtomicInteger sends = new AtomicInteger();
        OutboxRelay relay = relay(new OutboxMessageSender() {
            @Override
            public void send(OutboxEntry entry) {
                sends.incrementAndGet();
            }

            @Override
            public boolean ready() {
                return false; // the producer is still starting
            }
        }, 10, Duration.ofSeconds(30));

        assertThat(relay.relayOnce()).isZero();

        assertThat(sends).hasValue(0);
        Map<String, Object> row = jdbc.queryForMap("SELECT status, attempts, claimed_by FROM outbox WHERE event_id = ?",
                waiting.toString());
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat(((Number) row.get("attempts")).intValue()).isZero();
        assertThat(row.get("claimed_by")).isNull();
    }

    @Test
    void aRowTheBrokerRejectsIsDeadAfterTheMaximumAttempts() {
        UUID doomed = UUID.randomUUID();
        rows.insert(doomed, "StockReserved", "O1", "{}", clock.instant());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxRelay relay = new OutboxRelay(rows, entry -> {
            throw new OutboxMessageRejectedException("BAD_REQUEST illegal message", null);
        }, noBackoff(3), meters, clock);

        for (int i = 0; i < 5; i++) {
            relay.relayOnce();
        }

        assertThat(jdbc.queryForObject("SELECT status FROM outbox WHERE event_id = ?", String.class, doomed.toString()))
                .isEqualTo("DEAD");
        assertThat(jdbc.queryForObject("SELECT attempts FROM outbox WHERE event_id = ?", Integer.class,
                doomed.toString())).isEqualTo(3);
        assertThat(meters.counter("txorders.outbox.dead").count()).isEqualTo(1);
    }

    @Test
    void anUnreachableBrokerNeverMakesARowDeadHoweverManyAttemptsAndTheRowGoesOutOnceWhenItIsBack() {
        UUID waiting = UUID.randomUUID();
        rows.insert(waiting, "StockReserved", "O1", "{}", clock.instant());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicInteger failuresLeft = new AtomicInteger(20);
        List<UUID> sent = new CopyOnWriteArrayList<>();
        OutboxRelay relay = new OutboxRelay(rows, entry -> {
            if (failuresLeft.getAndDecrement() > 0) {
                // What RocketMqOutboxSender throws for UNAVAILABLE, a proxy timeout or a producer not running.
                throw new IllegalStateException("RocketMQ did not confirm: UNAVAILABLE");
            }
            sent.add(entry.eventId());
        }, noBackoff(3), meters, clock);

        for (int round = 1; round <= 20; round++) {
            relay.relayOnce();
            assertThat(jdbc.queryForObject("SELECT status FROM outbox WHERE event_id = ?", String.class,
                    waiting.toString())).as("after failed attempt %d", round).isEqualTo("PENDING");
        }
        assertThat(jdbc.queryForObject("SELECT attempts FROM outbox WHERE event_id = ?", Integer.class,
                waiting.toString())).isEqualTo(20);
        relay.relayOnce();

        assertThat(sent).containsExactly(waiting);
        assertThat(jdbc.queryForObject("SELECT status FROM outbox WHERE event_id = ?", String.class, waiting.toString()))
                .isEqualTo("SENT");
        assertThat(meters.counter("txorders.outbox.dead").count()).isZero();
    }

    @Test
    void theOldestPendingRowsAgeIsGaugedAndZeroWhenNothingIsPending() {
        UUID old = UUID.randomUUID();
        rows.insert(old, "StockReserved", "O1", "{}", clock.instant().minus(Duration.ofMinutes(10)));
        rows.insert(UUID.randomUUID(), "StockReserved", "O2", "{}", clock.instant());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxRelay relay = new OutboxRelay(rows, entry -> { }, noBackoff(3), meters, clock);

        relay.refreshBacklog();
        assertThat(meters.get("txorders.outbox.oldest.pending.age").gauge().value()).isBetween(600.0, 660.0);
        assertThat(meters.get("txorders.outbox.backlog").gauge().value()).isEqualTo(2);

        relay.relayOnce();
        relay.refreshBacklog();
        assertThat(meters.get("txorders.outbox.oldest.pending.age").gauge().value()).isZero();
        assertThat(meters.get("txorders.outbox.backlog").gauge().value()).isZero();
    }

    @Test
    void onlyADeadRowIsRequeuedAndItComesBackPendingWithItsAttemptsReset() {
        UUID doomed = UUID.randomUUID();
        UUID fine = UUID.randomUUID();
        rows.insert(doomed, "StockReserved", "O1", "{}", clock.instant());
        rows.insert(fine, "StockReserved", "O2", "{}", clock.instant());
        OutboxRelay rejecting = new OutboxRelay(rows, entry -> {
            if (entry.eventId().equals(doomed)) {
                throw new OutboxMessageRejectedException("BAD_REQUEST", null);
            }
        }, noBackoff(1), new SimpleMeterRegistry(), clock);
        rejecting.relayOnce();
        rejecting.relayOnce();
        long deadId = idOf(doomed);
        long sentId = idOf(fine);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxOperations operations = new OutboxOperations(rows, meters, clock);
        assertThat(operations.list(OutboxStatus.DEAD, 10)).extracting(OutboxRow::eventId).containsExactly(doomed);

        assertThat(operations.requeue(sentId)).isEqualTo(OutboxOperations.Requeue.NOT_DEAD);
        assertThat(operations.requeue(Long.MAX_VALUE)).isEqualTo(OutboxOperations.Requeue.NOT_FOUND);
        assertThat(operations.requeue(deadId)).isEqualTo(OutboxOperations.Requeue.REQUEUED);
        assertThat(operations.requeue(deadId)).as("already PENDING").isEqualTo(OutboxOperations.Requeue.NOT_DEAD);

        OutboxRow requeued = operations.list(OutboxStatus.PENDING, 10).get(0);
        assertThat(requeued.eventId()).isEqualTo(doomed);
        assertThat(requeued.attempts()).isZero();
        assertThat(requeued.lastError()).contains("BAD_REQUEST");
        assertThat(requeued.nextAttemptAt()).isBeforeOrEqualTo(clock.instant());
        assertThat(meters.counter("txorders.outbox.requeued").count()).isEqualTo(1);
        List<UUID> sent = new CopyOnWriteArrayList<>();
        relay(entry -> sent.add(entry.eventId()), 10, Duration.ofSeconds(30)).relayOnce();
        assertThat(sent).containsExactly(doomed);
        assertThat(operations.requeueAllDead()).isZero();
    }

    @Test
    void aRelayThatDiedAfterSendingLeavesTheRowToBeSentAgainAfterItsLease() {
        UUID event = UUID.randomUUID();
        rows.insert(event, "StockReserved", "O1", "{}", clock.instant());
        List<UUID> sent = new CopyOnWriteArrayList<>();
        // The first relay sends, then "dies" before marking: simulated by claiming and sending without marking.
        Instant now = clock.instant();
        rows.claim("dead-relay", now, now.plusMillis(500), 10);
        rows.findClaimed("dead-relay").forEach(entry -> sent.add(entry.eventId()));

        OutboxRelay survivor = relay(entry -> sent.add(entry.eventId()), 10, Duration.ofSeconds(30));
        assertThat(survivor.relayOnce()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> survivor.relayOnce() == 1);

        assertThat(sent).containsExactly(event, event);
        assertThat(rows.countPending()).isZero();
    }

    /** A new PENDING row of this type for this order; its event id. */
    private UUID pending(String eventType, String orderNo) {
        UUID eventId = UUID.randomUUID();
        rows.insert(eventId, eventType, orderNo, "{}", clock.instant());
        return eventId;
    }

    private long idOf(UUID eventId) {
        return jdbc.queryForObject("SELECT id FROM outbox WHERE event_id = ?", Long.class, eventId.toString());
    }

    /** A sender whose every send waits for the test to complete its confirmation, kept in {@code inFlight}. */
    private static OutboxMessageSender confirmedByHand(Map<UUID, CompletableFuture<Void>> inFlight) {
        return new OutboxMessageSender() {
            @Override
            public void send(OutboxEntry entry) {
                throw new UnsupportedOperationException("the relay is expected to send asynchronously");
            }

            @Override
            public CompletableFuture<Void> sendAsync(OutboxEntry entry) {
                CompletableFuture<Void> confirmation = new CompletableFuture<>();
                inFlight.put(entry.eventId(), confirmation);
                return confirmation;
            }
        };
    }

    /** Every failed row due again at once, so each round is an attempt. */
    private static OutboxProperties noBackoff(int maxAttempts) {
        return new OutboxProperties(true, List.of(), Duration.ofMillis(200), 10, Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO,
                maxAttempts, Duration.ofDays(7), true, Duration.ofSeconds(5));
    }

    private OutboxRelay relay(OutboxMessageSender sender, int batchSize, Duration lease) {
        return relay(sender, batchSize, lease, Duration.ofMillis(200));
    }

    private OutboxRelay relay(OutboxMessageSender sender, int batchSize, Duration lease, Duration pollInterval) {
        OutboxProperties properties = new OutboxProperties(true, List.of(), pollInterval, batchSize, lease,
                Duration.ofSeconds(1), Duration.ofMinutes(5), 10, Duration.ofDays(7), true, Duration.ofSeconds(5));
        return new OutboxRelay(rows, sender, properties, new SimpleMeterRegistry(), clock);
    }
}
