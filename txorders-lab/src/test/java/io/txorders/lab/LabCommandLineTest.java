package io.txorders.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.lab.bench.Benchmark;
import io.txorders.lab.checkback.CheckBackSimulation;
import io.txorders.lab.cluster.ClusterCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command-line contract of every lab tool, as its script runs it: {@code --help} (or {@code -h}) prints the usage
 * with every option and exits 0; a usage error says what is wrong, prints the usage and exits 2. Nothing here starts
 * a platform or a cluster: every run stops at its command line.
 */
class LabCommandLineTest {

    /** A tool's entry point, {@code run(args, env, out, err)}. */
    @FunctionalInterface
    private interface Tool {
        int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err);
    }

    private static final Map<String, Tool> TOOLS = Map.of("bench", Benchmark::run,
            "checkback-sim", CheckBackSimulation::run, "cluster-local", ClusterCommand::run);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    static Stream<Arguments> helps() {
        return Stream.of(
                Arguments.of("bench", "--help", "scripts/bench.sh [--quick] [--duration S] [--concurrency 1,4,16,32]",
                        List.of("--quick", "--duration=S", "--concurrency=N[,N...]", "--backlog=N", "--in-doubt=N",
                                "--service-warm-up=S", "--platform=embedded|running", "--profile",
                                "--order-producer-property=KEY=VALUE", "--latency-rate=R", "-h, --help",
                                "writes target/bench/result.json")),
                Arguments.of("bench", "-h", "scripts/bench.sh [--quick]", List.of("seconds (300; 0 skips it")),
                Arguments.of("checkback-sim", "--help", "scripts/checkback-sim.sh <scenario> [--count N]",
                        List.of("commit-lost", "crash-before-local-tx", "slow-local-tx", "kill-producer", "storm",
                                "check-back COMMIT -> applied once", "--count=N", "(1000)",
                                "--platform=embedded|running", "--logs=DIR",
                                "Exit code: 0 the end state is right, 1 it is wrong, 2 usage or set-up errors.",
                                "TXORDERS_ADMIN_TOKEN", "TXORDERS_DB_USER / TXORDERS_DB_PASSWORD")),
                Arguments.of("cluster-local", "--help",
                        "scripts/cluster-local.sh [--scenario] [--fresh] [--state DIR] [--free-ports]",
                        List.of("--scenario", "--fresh", "--state=DIR", "--free-ports", "-h, --help",
                                "proxy 127.0.0.1:8181", "order-producer :8191 and :8291", "TXORDERS_ADMIN_TOKEN")));
    }

    @ParameterizedTest
    @MethodSource("helps")
    void helpListsTheOptionsAndExitsZero(String tool, String help, String synopsis, List<String> expected) {
        assertThat(run(tool, help)).isZero();

        assertThat(out()).startsWith("Usage: " + synopsis).contains(expected);
        assertThat(err()).isEmpty();
    }

    @Test
    void benchHelpFormatsWithoutPicocliWarningOfABarePercentSign() {
        PrintStream systemErr = System.err;
        ByteArrayOutputStream picocliWarnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(picocliWarnings, true, StandardCharsets.UTF_8));
        try {
            assertThat(run("bench", "--help")).isZero();
        } finally {
            System.setErr(systemErr);
        }

        assertThat(out()).contains("growing by < 2 % of wall time");
        assertThat(picocliWarnings.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            bench         | --nope                           | Unknown option: '--nope'
            bench         | --duration                       | Missing required parameter for option '--duration'
            bench         | --duration ten                   | not a duration
            bench         | --backlog many                   | '--backlog'
            bench         | --concurrency 1,x                | '--concurrency'
            bench         | --platform elsewhere             | --platform is embedded or running
            bench         | stray                            | 'stray'
            bench         | --order-producer-property nokey  | --order-producer-property takes KEY=VALUE
            bench         | --order-producer-property order.payment-timeout=1m | the bench sets it
            bench         | --latency-rate 0                 | --latency-rate must be positive
            bench         | --latency-rate Infinity          | --latency-rate must be positive
            bench         | --latency-rate fast              | '--latency-rate'
            checkback-sim |                                  | Missing required parameter: '<scenario>'
            checkback-sim | no-such                          | unknown scenario no-such
            checkback-sim | storm commit-lost                | 'commit-lost'
            checkback-sim | storm --nope                     | Unknown option: '--nope'
            checkback-sim | storm --count                    | Missing required parameter for option '--count'
            checkback-sim | storm --count many               | '--count'
            checkback-sim | storm --count 0                  | --count must be positive
            checkback-sim | storm --platform elsewhere       | --platform is embedded or running
            checkback-sim | kill-producer --platform running | kill-producer needs --platform embedded
            cluster-local | --nope                           | Unknown option: '--nope'
            cluster-local | --state                          | Missing required parameter for option '--state'
            cluster-local | --scenario everything            | 'everything'
            """)
    void aUsageErrorSaysWhatIsWrongPrintsTheUsageAndExitsTwo(String tool, String args, String message) {
        assertThat(run(tool, args == null ? new String[0] : args.trim().split("\\s+"))).isEqualTo(LabCommand.USAGE);

        assertThat(err()).startsWith(tool + ": ").contains(message.trim()).contains("Usage: scripts/" + tool + ".sh");
        assertThat(out()).isEmpty();
    }

    private int run(String tool, String... args) {
        return TOOLS.get(tool).run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
