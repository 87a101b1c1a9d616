package io.txorders.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A subcommand that is only a group of commands ({@code dlq list|show|resubmit}): run without one, it is a usage
 * error that names them.
 */
public abstract class CommandGroup implements Runnable {

    @ParentCommand
    protected TxordersCli cli;

    @Spec
    protected CommandSpec spec;

    @Override
    public void run() {
        throw whichCommand(spec);
    }

    /** {@code which command: a, b or c?} for the commands of {@code group}. */
    static ParameterException whichCommand(CommandSpec group) {
        List<String> names = List.copyOf(group.subcommands().keySet());
        String last = names.get(names.size() - 1);
        String choice = names.size() == 1 ? last
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + last;
        return new ParameterException(group.commandLine(), "which command: " + choice + "?");
    }
}
