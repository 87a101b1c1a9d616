package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.lab.cluster.ClusterCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #9's promise, end to end, on free ports: {@code scripts/cluster-local.sh --scenario} (two brokers, a
 * CLUSTER-mode proxy, two instances of each service; queues on both brokers, a broker killed under load, check-backs
 * answered by the other order instance) passes every one of its checks. About ten minutes on two cores, so only with
 * {@code ./mvnw verify -Pcluster -pl e2e-tests -am}.
 */
class ScaleOutClusterIT {

    @Test
    void theScaleOutAndFailoverScenarioPasses() throws Exception {
        Path state = Files.createTempDirectory(Files.createDirectories(
                Path.of(System.getProperty("txorders.devstack.dir", "target/devstack"))), "cluster-");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

        int exit = ClusterCommand.run(new String[] {"--scenario", "--free-ports", "--state", state.toString()},
                Map.of(), out, out);

        String report = output.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("cluster scenario: PASSED").doesNotContain("[FAIL]");
        assertThat(exit).as(report).isZero();
    }
}
