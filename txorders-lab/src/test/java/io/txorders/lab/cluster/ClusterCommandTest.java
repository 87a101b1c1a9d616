package io.txorders.lab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.lab.LabCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What {@code scripts/cluster-local.sh}'s flags mean. Help and usage errors: {@code LabCommandLineTest}. Nothing here
 * starts a cluster: the command line is only parsed.
 */
class ClusterCommandTest {

    @Test
    void flagsAndTheStateDirectoryAsScaleOutClusterItPassesThemOrAsTwoWords() {
        ClusterCommand scenario = parse("--scenario", "--free-ports", "--state", "/tmp/cluster-1");
        ClusterCommand fresh = parse("--state=/tmp/cluster-2", "--fresh");
        ClusterCommand defaults = parse();

        assertThat(scenario.scenario).isTrue();
        assertThat(scenario.freePorts).isTrue();
        assertThat(scenario.fresh).isFalse();
        assertThat(scenario.state).isEqualTo(Path.of("/tmp/cluster-1"));
        assertThat(fresh.scenario).isFalse();
        assertThat(fresh.fresh).isTrue();
        assertThat(fresh.state).isEqualTo(Path.of("/tmp/cluster-2"));
        assertThat(defaults.scenario || defaults.fresh || defaults.freePorts).isFalse();
        assertThat(defaults.state).isNull();
    }

    private static ClusterCommand parse(String... args) {
        ClusterCommand command = new ClusterCommand();
        LabCommand.commandLine(command).parseArgs(args);
        return command;
    }
}
