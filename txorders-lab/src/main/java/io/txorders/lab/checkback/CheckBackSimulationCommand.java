package io.txorders.lab.checkback;

import io.txorders.cli.admin.ServiceEndpoints;
import io.txorders.lab.LabCommand;
import io.txorders.lab.checkback.CheckBackSimulation.Scenario;
import io.txorders.lab.platform.EmbeddedSimulationPlatform;
import io.txorders.lab.platform.PlatformChoice;
import io.txorders.lab.platform.SimulatedPlatform;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line of {@code scripts/checkback-sim.sh} ({@link CheckBackSimulation}). Exit code 0 when every check
 * holds, 1 when the end state is wrong, 2 on usage or set-up errors.
 */
@Command(name = "checkback-sim",
        customSynopsis = "scripts/checkback-sim.sh <scenario> [--count N] [--platform embedded|running] [--logs DIR]",
        description = {"",
            "Scenarios: see scenarios",
            "",
            "--platform embedded (default): starts its own embedded stack (MariaDB, RocketMQ with check-back timing",
            "  3s/1s/60 checks) and the three services on free ports; stops them at the end. Logs: printed at the end.",
            "--platform running: uses a running platform, e.g. scripts/run-local.sh --order.fault.switchable=true",
            "  (kill-producer needs the embedded platform). --logs DIR: where its <service>.log files are.",
            "Exit code: 0 the end state is right, 1 it is wrong, 2 usage or set-up errors.",
            ""},
        footer = {"", ServiceEndpoints.ENVIRONMENT_HELP,
            "  TXORDERS_DB_HOST / TXORDERS_DB_PORT or TXORDERS_*_DB_URL, TXORDERS_DB_USER / TXORDERS_DB_PASSWORD"})
final class CheckBackSimulationCommand extends LabCommand {

    @Parameters(index = "0", paramLabel = "<scenario>", converter = ScenarioConverter.class,
            description = "The scenario to run (one of the above).")
    Scenario scenario;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1000",
            description = "In-doubt transactions of the storm (${DEFAULT-VALUE}).")
    int count;

    @Mixin
    PlatformChoice platform;

    @Option(names = "--logs", paramLabel = "DIR", description = "With --platform running: where its <service>.log "
            + "files are.")
    String logs;

    /** Puts the scenarios and what each proves into the usage text, in place of its placeholder line. */
    @Override
    protected void describe(UsageMessageSpec usage) {
        usage.description(Stream.of(usage.description()).flatMap(line -> line.startsWith("Scenarios: see")
                ? Stream.concat(Stream.of("Scenarios:"), Arrays.stream(Scenario.values()).map(Scenario::usageLine))
                : Stream.of(line)).toArray(String[]::new));
    }

    @Override
    public Integer call() {
        if (count < 1) {
            throw usageError("--count must be positive");
        }
        if (platform.running() && scenario == Scenario.KILL_PRODUCER) {
            throw usageError("kill-producer needs --platform embedded (it kills and restarts the order-producer "
                    + "process)");
        }
        SimulatedPlatform simulated;
        try {
            simulated = platform.open(env, logs, out, EmbeddedSimulationPlatform.SIMULATION_TIMING);
        } catch (Exception e) {
            err.println("checkback-sim: could not set up the platform: " + e.getMessage());
            return 2;
        }
        try (simulated) {
            return new CheckBackSimulation(simulated, out, Clock.systemUTC()).run(scenario, count) ? 0 : 1;
        } catch (Exception e) {
            err.println("checkback-sim: " + scenario.cliName() + " could not run: " + e);
            return 2;
        }
    }

    /** A scenario by its command-line name ({@code commit-lost}, …). */
    static final class ScenarioConverter implements ITypeConverter<Scenario> {
        @Override
        public Scenario convert(String name) {
            return Scenario.byName(name).orElseThrow(() -> new TypeConversionException("unknown scenario " + name));
        }
    }
}
