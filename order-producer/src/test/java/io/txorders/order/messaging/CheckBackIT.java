package io.txorders.order.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.OrderCreated;
import io.txorders.messaging.contract.OrderLine;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.publish.TransactionalEventPublisher;
import io.txorders.order.support.OrderEventsProbe;
import io.txorders.order.support.OrderProducerIntegrationTest;
import io.txorders.messaging.publish.TransactionStateRepository;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional publish against the real broker and database, with every fault mode: the check-back
 * must end each one right, and never guess.
 */
class CheckBackIT extends OrderProducerIntegrationTest {

    @Autowired
    FaultInjection faults;
    @Autowired
    TransactionalEventPublisher publisher;
    @Autowired
    TransactionStateRepository txStates;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    Producer producer;
    @Autowired
    ClientServiceProvider provider;
    @Autowired
    ClientConfiguration clientConfiguration;
    @Autowired
    MeterRegistry meters;
    @Autowired
    DataSource dataSource;

    private final OrderEventsProbe probe = OrderEventsProbe.get();

    @AfterEach
    void faultsOff() {
        faults.set(FaultMode.NONE);
    }

    @Test
    void aFailingLocalTransactionRollsBackTheMessageAndWritesNothing() {
        OrderCreated event = anOrderCreated();

        assertThatThrownBy(() -> publisher.publish(event, () -> {
            throw new IllegalStateException("business rule failed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(stateOf(event.eventId())).isNull();
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(9))
                .until(() -> probe.deliveriesOf(event.eventId()).isEmpty());
        // The rollback reached the broker, so there was nothing to check back on.
        assertThat(stateOf(event.eventId())).isNull();
    }

    @Test
    void commitLostAfterLocalCommitIsResolvedByCheckBackAsCommitAndDeliveredOnce() {
        faults.set(FaultMode.SKIP_END_AFTER_COMMIT);

        Response response = post("/orders", orderJson(7, "SKU-LOST", 1, "9.99"));

        assertThat(response.status()).isEqualTo(201);
        String orderNo = response.json().path("orderNo").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> !probe.deliveriesFor(orderNo).isEmpty());
        UUID eventId = probe.deliveriesFor(orderNo).get(0).eventId();
        assertThat(stateOf(eventId)).isEqualTo("COMMITTED");
        assertThat(checkCountOf(eventId)).isGreaterThanOrEqualTo(1);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                .until(() -> probe.deliveriesFor(orderNo).size() == 1);
    }

    @Test
    void crashBeforeLocalTransactionIsRolledBackAndALateLocalTransactionFails() {
        faults.set(FaultMode.HALT_BEFORE_LOCAL_TX);
        OrderCreated event = anOrderCreated();

        assertThatThrownBy(() -> publisher.publish(event, () -> "never runs"))
                .isInstanceOf(SimulatedCrashException.class);
        Response viaHttp = post("/orders", orderJson(8, "SKU-HALT", 1, "1.00"));

        assertThat(viaHttp.status()).isEqualTo(503);
        assertThat(viaHttp.header("Content-Type")).startsWith("application/problem+json");
        await().atMost(Duration.ofSeconds(30)).until(() -> "ROLLED_BACK".equals(stateOf(event.eventId())));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                .until(() -> probe.deliveriesOf(event.eventId()).isEmpty());
        // The local transaction "wakes up" after the check-back said ROLLBACK: it must not commit.
        faults.set(FaultMode.NONE);
        assertThatThrownBy(() -> transactions.executeWithoutResult(status ->
                txStates.insertCommitted(event.eventId(), event.orderNo(), "OrderCreated",
                        new EventCodec().encode(event), Instant.now())))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE user_id = 8", Integer.class)).isZero();
    }

    @Test
    void aLocalTransactionOutlivingTheFirstCheckIsAnsweredCommitNeverRollback() {
        faults.set(FaultMode.SLOW_LOCAL_TX);

        Response response = post("/orders", orderJson(9, "SKU-SLOW", 1, "2.00"));

        assertThat(response.status()).isEqualTo(201);
        String orderNo = response.json().path("orderNo").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> !probe.deliveriesFor(orderNo).isEmpty());
        UUID eventId = probe.deliveriesFor(orderNo).get(0).eventId();
        // The check arrived while the transaction held the row (the slow fault lasts 6 s, the first check
        // comes after 3-5 s), waited on the lock and then read COMMITTED: the tombstone never landed.
        assertThat(checkCountOf(eventId)).isGreaterThanOrEqualTo(1);
        assertThat(stateOf(eventId)).isEqualTo("COMMITTED");
        assertThat(jdbc.queryForObject("SELECT status FROM orders WHERE order_no = ?", String.class, orderNo))
                .isEqualTo("PENDING");
    }

    @Test
    void aDatabaseErrorAnswersUnknownAndTheNextCheckResolvesIt() throws Exception {
        OrderCreated event = anOrderCreated();
        double unknownBefore = unknownAnswers();
        try (Connection holder = dataSource.getConnection()) {
            // A local transaction that holds its tx_state row longer than the checker's lock wait (8 s).
            holder.setAutoCommit(false);
            try (PreparedStatement insert = holder.prepareStatement(
                    "INSERT INTO tx_state (tx_id, order_no, event_type, state, check_count, created_at) "
                            + "VALUES (?, ?, 'OrderCreated', 'COMMITTED', 0, ?)")) {
                insert.setString(1, event.eventId().toString());
                insert.setString(2, event.orderNo());
                insert.setTimestamp(3, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            producer.send(message(event), producer.beginTransaction()); // never ended

            await().atMost(Duration.ofSeconds(40)).until(() -> unknownAnswers() > unknownBefore);
            assertThat(probe.deliveriesOf(event.eventId())).isEmpty();
            holder.commit();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> !probe.deliveriesOf(event.eventId()).isEmpty());
        assertThat(stateOf(event.eventId())).isEqualTo("COMMITTED");
    }

    @Test
    void aProducerInstanceThatDidNotSendAnswersTheCheckBack() throws Exception {
        OrderCreated event = anOrderCreated();
        Set<String> checkedByTheSender = ConcurrentHashMap.newKeySet();
        // "Instance A": sends the half message, commits locally, then dies before ending the transaction.
        Producer instanceA = provider.newProducerBuilder()
                .setClientConfiguration(clientConfiguration)
                .setTopics(Topic.ORDER_EVENTS.topicName())
                .setTransactionChecker(message -> {
                    checkedByTheSender.add(message.getMessageId().toString());
                    return TransactionResolution.UNKNOWN;
                })
                .build();
        instanceA.send(message(event), instanceA.beginTransaction());
        transactions.executeWithoutResult(status ->
                txStates.insertCommitted(event.eventId(), event.orderNo(), "OrderCreated",
                        new EventCodec().encode(event), Instant.now()));
        instanceA.close();

        // "Instance B" (this application's producer) never saw the message, and answers from the database.
        await().atMost(Duration.ofSeconds(40)).until(() -> !probe.deliveriesOf(event.eventId()).isEmpty());
        assertThat(checkCountOf(event.eventId())).isGreaterThanOrEqualTo(1);
        assertThat(checkedByTheSender).isEmpty();
    }

    private Message message(Event event) {
        return provider.newMessageBuilder()
                .setTopic(Topic.ORDER_EVENTS.topicName())
                .setTag(event.type().tag())
                .setKeys(event.eventId().toString(), event.orderNo())
                .setBody(new EventCodec().encode(event))
                .build();
    }

    private double unknownAnswers() {
        var counter = meters.find("txorders.checkback").tag("answer", "UNKNOWN").counter();
        return counter == null ? 0 : counter.count();
    }

    private static OrderCreated anOrderCreated() {
        String orderNo = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase();
        return new OrderCreated(EventIds.newId(), 1, Instant.now(), orderNo, 99,
                List.of(new OrderLine("SKU-T", 1, BigDecimal.ONE)), BigDecimal.ONE, Instant.now().plusSeconds(900));
    }

    private String stateOf(UUID eventId) {
        return jdbc.query("SELECT state FROM tx_state WHERE tx_id = ?", rs -> rs.next() ? rs.getString(1) : null,
                eventId.toString());
    }

    private int checkCountOf(UUID eventId) {
        return jdbc.queryForObject("SELECT check_count FROM tx_state WHERE tx_id = ?", Integer.class, eventId.toString());
    }
}
