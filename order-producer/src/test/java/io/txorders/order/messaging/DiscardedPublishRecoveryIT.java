package io.txorders.order.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.devstack.DevStack;
import io.txorders.devstack.RocketMqAdmin;
import io.txorders.order.support.OrderEventsProbe;
import io.txorders.order.support.OrderProducerIntegrationTest;
import io.txorders.messaging.publish.DiscardedPublishRecovery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A committed order whose half message the broker gave up on: no commit was sent and every check-back answered
 * UNKNOWN (as while the database is away) until the embedded broker discarded the message into
 * {@code TRANS_CHECK_MAX_TIME_TOPIC}. Once the database answers again, recovery republishes the exact event and it is
 * delivered once, long before the order's payment timeout. On code without recovery the order is never announced.
 */
class DiscardedPublishRecoveryIT extends OrderProducerIntegrationTest {

    private static final String DISCARD_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";

    @Autowired
    FaultInjection faults;
    @Autowired
    MeterRegistry meters;
    @Autowired
    DiscardedPublishRecovery recovery;

    private final OrderEventsProbe probe = OrderEventsProbe.get();

    @AfterEach
    void faultsOff() {
        faults.set(FaultMode.NONE);
    }

    @Test
    void aHalfMessageTheBrokerDiscardedIsRepublishedOnceWithTheSameIdBodyKeysAndTag() {
        Instant since = Instant.now().minusSeconds(1);
        double discardedBefore = count("txorders.tx.discarded");
        faults.set(FaultMode.SKIP_END_AND_ANSWER_UNKNOWN);

        Response placed = post("/orders", orderJson(31, "SKU-DISCARDED", 2, "4.50"));

        assertThat(placed.status()).isEqualTo(201);
        String orderNo = placed.json().path("orderNo").asString();
        UUID eventId = UUID.fromString(jdbc.queryForObject(
                "SELECT tx_id FROM tx_state WHERE order_no = ? AND state = 'COMMITTED'", String.class, orderNo));
        try (RocketMqAdmin admin = RocketMqAdmin.connect(DevStack.shared().namesrvAddr())) {
            await("the broker discards the half message after its last check").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> discardedSince(admin, since) > 0);
        }
        assertThat(probe.deliveriesFor(orderNo)).as("nothing delivered before recovery").isEmpty();
        assertThat(jdbc.queryForObject("SELECT commit_confirmed_at IS NULL FROM tx_state WHERE tx_id = ?",
                Boolean.class, eventId.toString())).as("unconfirmed").isTrue();

        faults.set(FaultMode.NONE); // the database answers again

        await("republished and delivered").atMost(Duration.ofSeconds(90))
                .until(() -> !probe.deliveriesOf(eventId).isEmpty());
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
                .until(() -> probe.deliveriesOf(eventId).size() == 1);
        OrderEventsProbe.Delivery delivery = probe.rawDeliveriesOf(eventId).get(0);
        assertThat(delivery.tag()).isEqualTo("OrderCreated");
        assertThat(delivery.keys()).containsExactlyInAnyOrder(eventId.toString(), orderNo);
        assertThat(delivery.body()).isEqualTo(jdbc.queryForObject(
                "SELECT message_body FROM tx_state WHERE tx_id = ?", byte[].class, eventId.toString()));
        assertThat(jdbc.queryForObject("SELECT republished_at IS NOT NULL FROM tx_state WHERE tx_id = ?",
                Boolean.class, eventId.toString())).isTrue();
        assertThat(count("txorders.tx.discarded")).isGreaterThan(discardedBefore);
        assertThat(jdbc.queryForObject("SELECT status FROM orders WHERE order_no = ?", String.class, orderNo))
                .as("announced long before its payment timeout").isEqualTo("PENDING");
    }

    @Test
    void anExplicitRepublishOfARolledBackTransactionIsRefused() {
        Response unknown = post("/admin/transactions/" + UUID.randomUUID() + "/republish", "", admin());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");

        UUID tombstone = UUID.randomUUID();
        jdbc.update("INSERT INTO tx_state (tx_id, order_no, event_type, state, check_count, created_at) "
                + "VALUES (?, 'T-ROLLED-BACK', 'OrderCreated', 'ROLLED_BACK', 1, ?)", tombstone.toString(),
                java.sql.Timestamp.from(Instant.now()));

        Response refused = post("/admin/transactions/" + tombstone + "/republish", "", admin());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(recovery.republish(tombstone)).isEqualTo(DiscardedPublishRecovery.Outcome.ROLLED_BACK);
        assertThat(post("/admin/transactions/" + tombstone + "/republish", "", java.util.Map.of()).status())
                .isEqualTo(401);
    }

    private static long discardedSince(RocketMqAdmin admin, Instant since) {
        try {
            return admin.countBetween(DISCARD_TOPIC, since, Instant.now().plusSeconds(60));
        } catch (RuntimeException topicNotCreatedYet) {
            // The broker creates the topic with its first discarded message.
            return 0;
        }
    }

    private double count(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
