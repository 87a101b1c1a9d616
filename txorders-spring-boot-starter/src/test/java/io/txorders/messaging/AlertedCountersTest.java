package io.txorders.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.inbox.DeadLetters;
import io.txorders.messaging.outbox.OutboxMessageSender;
import io.txorders.messaging.outbox.OutboxProperties;
import io.txorders.messaging.outbox.OutboxRelay;
import io.txorders.messaging.outbox.OutboxRepository;
import io.txorders.messaging.publish.CommittedPublishSender;
import io.txorders.messaging.publish.DiscardedPublishRecovery;
import io.txorders.messaging.publish.PublishFaults;
import io.txorders.messaging.publish.TransactionStateCheck;
import io.txorders.messaging.publish.TransactionStateRepository;
import io.txorders.messaging.rocketmq.TransactionStateChecker;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The counters that alerts watch with {@code increase()} exist at 0 from the start. Prometheus sees no increase in a
 * series that first appears at 1, so the first dead letter, DEAD outbox row, discarded publish or check-back after a
 * start used to go unalerted (and TxordersInDoubtTransactions needs the COMMIT and ROLLBACK series to exist).
 */
class AlertedCountersTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void everyCheckBackAnswerIsCountedFromZero() {
        new TransactionStateChecker(mock(TransactionStateCheck.class), PublishFaults.NONE, meters);

        for (String answer : List.of("COMMIT", "ROLLBACK", "UNKNOWN")) {
            assertThat(meters.get("txorders.checkback").tag("answer", answer).counter().count()).isZero();
        }
    }

    @Test
    void theDiscardsOfThePublishedEventTypesAreCountedFromZero() {
        new DiscardedPublishRecovery(mock(TransactionStateRepository.class), mock(CommittedPublishSender.class),
                new DiscardedPublishRecovery.Settings(java.time.Duration.ofMinutes(10), java.time.Duration.ofSeconds(30),
                        java.time.Duration.ofMinutes(2), 100, true),
                List.of(Topic.ORDER_EVENTS), meters, Clock.systemUTC());

        assertThat(meters.get("txorders.tx.discarded").tag("event", "OrderCreated").counter().count()).isZero();
        assertThat(meters.get("txorders.tx.discarded").tag("event", "OrderPaid").counter().count()).isZero();
        assertThat(meters.find("txorders.tx.discarded").tag("event", "StockReserved").counter())
                .as("inventory-events is not this service's").isNull();
    }

    @Test
    void deadOutboxRowsAndEachConsumedGroupsDeadLettersAreCountedFromZero() {
        OutboxProperties outbox = new Binder(new MapConfigurationPropertySource(Map.of("txorders.outbox.enabled", "true")))
                .bindOrCreate("txorders.outbox", OutboxProperties.class);
        new OutboxRelay(mock(OutboxRepository.class), mock(OutboxMessageSender.class), outbox, meters, Clock.systemUTC());
        new DeadLetters(mock(JdbcTemplate.class), meters, Clock.systemUTC()).countFor("points-consumer");

        assertThat(meters.get("txorders.outbox.dead").counter().count()).isZero();
        assertThat(meters.get("txorders.dlq.messages").tag("group", "points-consumer").counter().count()).isZero();
    }
}
