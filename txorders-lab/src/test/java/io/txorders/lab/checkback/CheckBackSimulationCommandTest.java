package io.txorders.lab.checkback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txorders.lab.LabCommand;
import io.txorders.lab.checkback.CheckBackSimulation.Scenario;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

/**
 * What {@code scripts/checkback-sim.sh}'s scenario and options mean. Help and usage errors: {@code LabCommandLineTest}.
 * Nothing here runs a scenario: the command line is only parsed.
 */
class CheckBackSimulationCommandTest {

    @Test
    void optionsMayBeWrittenWithAnEqualsSignOrAsTwoWordsBesideTheScenario() {
        CheckBackSimulationCommand command = parse("storm", "--count", "5", "--platform=running", "--logs", "/tmp/x");

        assertThat(command.scenario).isEqualTo(Scenario.STORM);
        assertThat(command.count).isEqualTo(5);
        assertThat(command.platform.running()).isTrue();
        assertThat(command.logs).isEqualTo("/tmp/x");
    }

    @Test
    void withoutOptionsOneThousandOnItsOwnEmbeddedPlatform() {
        CheckBackSimulationCommand command = parse("commit-lost");

        assertThat(command.scenario).isEqualTo(Scenario.COMMIT_LOST);
        assertThat(command.count).isEqualTo(1000);
        assertThat(command.platform.running()).isFalse();
        assertThat(command.logs).isNull();
    }

    @Test
    void scenariosGoByTheirCommandLineNames() {
        for (Scenario scenario : Scenario.values()) {
            assertThat(parse(scenario.cliName()).scenario).isEqualTo(scenario);
        }
        assertThatThrownBy(() -> parse("COMMIT_LOST")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("unknown scenario COMMIT_LOST");
    }

    private static CheckBackSimulationCommand parse(String... args) {
        CheckBackSimulationCommand command = new CheckBackSimulationCommand();
        LabCommand.commandLine(command).parseArgs(args);
        return command;
    }
}
