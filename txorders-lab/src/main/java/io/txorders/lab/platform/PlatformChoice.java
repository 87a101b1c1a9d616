package io.txorders.lab.platform;

import io.txorders.devstack.CheckBackTiming;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --platform embedded|running}, the option of the benchmark and the check-back simulation: a throw-away
 * {@link EmbeddedSimulationPlatform} of their own (the default), or a {@link RunningSimulationPlatform} found through
 * the environment.
 */
public final class PlatformChoice {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    private String platform = "embedded";

    @Option(names = "--platform", paramLabel = "embedded|running", defaultValue = "embedded",
            description = "Start an embedded platform of its own (${DEFAULT-VALUE}) or use a running one.")
    void platform(String platform) {
        if (!platform.equals("embedded") && !platform.equals("running")) {
            throw new ParameterException(command.commandLine(), "--platform is embedded or running");
        }
        this.platform = platform;
    }

    public boolean running() {
        return platform.equals("running");
    }

    /**
     * Starts the embedded platform with {@code timing}, or finds the running one through {@code env} (its service logs
     * in {@code logDir}, which may be null).
     */
    public SimulatedPlatform open(Map<String, String> env, String logDir, PrintStream out, CheckBackTiming timing)
            throws Exception {
        return open(env, logDir, out, timing, List.of());
    }

    /**
     * As {@link #open(Map, String, PrintStream, CheckBackTiming)}, with more Spring arguments for an embedded
     * platform's order-producer (a running platform keeps its own settings).
     */
    public SimulatedPlatform open(Map<String, String> env, String logDir, PrintStream out, CheckBackTiming timing,
                                  List<String> orderProducerArgs) throws Exception {
        return running() ? RunningSimulationPlatform.from(env, logDir)
                : EmbeddedSimulationPlatform.start(out, timing, orderProducerArgs);
    }
}
