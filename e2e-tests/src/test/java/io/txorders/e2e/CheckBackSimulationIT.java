package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.lab.checkback.CheckBackSimulation;
import io.txorders.lab.checkback.CheckBackSimulation.Scenario;
import io.txorders.lab.platform.SimulatedPlatform;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * scripts/checkback-sim.sh's scenarios against the end-to-end platform: each must end consistent. The
 * platform has two order-producer instances, so a check-back may be answered by either (both read tx_state).
 */
class CheckBackSimulationIT {

    private final Platform platform = Platform.get();

    @Test
    void commitLostIsCommittedByTheCheckBackAndAppliedOnce() throws Exception {
        assertConsistent(Scenario.COMMIT_LOST, 1);
    }

    @Test
    void aCrashBeforeTheLocalTransactionIsRolledBackAndNothingIsDelivered() throws Exception {
        assertConsistent(Scenario.CRASH_BEFORE_LOCAL_TX, 1);
    }

    @Test
    void aSlowLocalTransactionIsWaitedForAndCommittedNeverRolledBack() throws Exception {
        assertConsistent(Scenario.SLOW_LOCAL_TX, 1);
    }

    @Test
    void anOrderProducerKilledBetweenLocalCommitAndCommitIsConsistentAfterItsRestart() throws Exception {
        assertConsistent(Scenario.KILL_PRODUCER, 1);
    }

    @Test
    void aSmallStormOfInDoubtTransactionsIsAllResolved() throws Exception {
        assertConsistent(Scenario.STORM, 100);
    }

    @Test
    void theCommandLineRefusesAnUnknownScenarioAndKillProducerOnARunningPlatform() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(CheckBackSimulation.run(new String[] {"no-such"}, platform.toolEnvironment(), sink, sink)).isEqualTo(2);
        assertThat(CheckBackSimulation.run(new String[] {"kill-producer", "--platform", "running"},
                platform.toolEnvironment(), sink, sink)).isEqualTo(2);
    }

    private void assertConsistent(Scenario scenario, int count) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        boolean consistent = new CheckBackSimulation(new E2ePlatform(), out, Clock.systemUTC()).run(scenario, count);
        String printed = output.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(consistent).as(printed).isTrue();
        assertThat(printed).contains("Result: consistent").doesNotContain("[FAIL]");
    }

    /** The end-to-end platform as the simulation sees it. */
    private final class E2ePlatform implements SimulatedPlatform {
        @Override
        public URI orders() {
            return URI.create("http://127.0.0.1:" + platform.orders.port());
        }

        @Override
        public URI inventory() {
            return URI.create("http://127.0.0.1:" + platform.inventory.port());
        }

        @Override
        public URI points() {
            return URI.create("http://127.0.0.1:" + platform.points.port());
        }

        @Override
        public String adminToken() {
            return Platform.ADMIN_TOKEN;
        }

        @Override
        public Connection database(String name) throws SQLException {
            return platform.database(name);
        }

        @Override
        public String jdbcUrl(String database) {
            return platform.stack.jdbcUrl(database);
        }

        @Override
        public String dbUser() {
            return platform.stack.dbUser();
        }

        @Override
        public String dbPassword() {
            return platform.stack.dbPassword();
        }

        @Override
        public String rocketMqEndpoint() {
            return platform.stack.rocketMqEndpoint();
        }

        @Override
        public String namesrvAddr() {
            return platform.stack.namesrvAddr();
        }

        @Override
        public List<Path> logs() {
            return platform.logFiles();
        }

        @Override
        public void killAndRestartOrderProducer(Consumer<String> timeline) throws Exception {
            platform.killAndRestartOrders(timeline);
        }
    }
}
