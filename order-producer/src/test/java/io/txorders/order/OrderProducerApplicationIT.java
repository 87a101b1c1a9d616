package io.txorders.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.order.support.OrderProducerIntegrationTest;
import io.txorders.testsupport.ServiceHealth;
import io.txorders.testsupport.ServiceSchema;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Shares the context of the other integration tests: a second context would add consumers to the same groups. */
class OrderProducerApplicationIT extends OrderProducerIntegrationTest {

    @Autowired
    ThreadPoolTaskScheduler scheduler;

    @Test
    void healthIsUpWithDatabaseAndRocketMq() throws Exception {
        ServiceHealth.assertUpWithDatabaseAndRocketMq(port);
    }

    /** The series alert TxordersNoProducerAnsweringCheckBacks watches with absent(): present while an instance is up. */
    @Test
    void prometheusSeesTheUptimeTheNoProducerAlertWatches() {
        Response scrape = get("/actuator/prometheus");

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.raw().body()).containsPattern("(?m)^process_uptime_seconds\\{application=\"order-producer\"");
    }

    /**
     * The series the refusal and consumer-failure alerts take {@code rate()} of exist from the start, so the first
     * refusal or failure after a start is an increase the alerts see.
     */
    @Test
    void theCountersTheRateAlertsWatchAreScrapedBeforeAnythingHappened() {
        String scrape = get("/actuator/prometheus").raw().body();

        assertThat(scrape).containsPattern(
                "(?m)^txorders_tx_published_total\\{[^}]*event=\"OrderCancelled\",outcome=\"unavailable\"}");
        assertThat(scrape).containsPattern(
                "(?m)^txorders_consumer_messages_total\\{[^}]*outcome=\"failed\"}");
    }

    /** Webhook dispatch every 200 ms must not wait behind an hourly purge or a long timeout sweep. */
    @Test
    void scheduledTasksHaveMoreThanOneThread() {
        assertThat(scheduler.getScheduledThreadPoolExecutor().getCorePoolSize()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void migrationsCreateTheServiceTables() throws Exception {
        ServiceSchema.assertHasTables(jdbc.getDataSource(), "orders", "order_item", "tx_state", "inbox");
    }

    @Test
    void theDeadLetterMigrationIsTheOneDeployedDatabasesApplied() throws Exception {
        ServiceSchema.assertDeadLetterV2AsDeployed(jdbc.getDataSource());
    }
}
