package io.txorders.lab;

import io.txorders.cli.DurationConverter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A lab tool's command line on picocli, as the production CLI ({@code io.txorders.cli.TxordersCli}) has it:
 * {@code -h}/{@code --help} prints the usage and exits 0; a usage error prints {@code <tool>: <what is wrong>} and
 * the usage on standard error and exits {@link #USAGE}; every other exit code is the tool's own. Durations read
 * through the CLI's {@link DurationConverter} (Spring Boot's {@code DurationStyle}).
 */
public abstract class LabCommand implements Callable<Integer> {

    /** Exit code of a usage error. */
    public static final int USAGE = 2;

    @Spec
    protected CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    protected Map<String, String> env = Map.of();
    protected PrintStream out = System.out;
    protected PrintStream err = System.err;

    /**
     * Runs {@code command} with {@code args} against the given environment and streams; returns the exit code.
     */
    public static int execute(LabCommand command, String[] args, Map<String, String> env, PrintStream out,
                              PrintStream err) {
        command.env = env;
        command.out = out;
        command.err = err;
        CommandLine cli = commandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** The command line of {@code command}, configured but not run: what {@link #execute} runs, for tests. */
    public static CommandLine commandLine(LabCommand command) {
        CommandLine cli = new CommandLine(command)
                .registerConverter(Duration.class, new DurationConverter())
                .setParameterExceptionHandler(LabCommand::usageError)
                .setUsageHelpWidth(130);
        // The options in the order the command declares them, as the usage text's prose introduces them.
        cli.getCommandSpec().usageMessage().sortOptions(false);
        command.describe(cli.getCommandSpec().usageMessage());
        return cli;
    }

    /** Completes the usage text with what an annotation cannot compute (nothing by default). */
    protected void describe(UsageMessageSpec usage) {
    }

    /** A usage error of this command, for checks picocli cannot make (thrown from {@link #call()}). */
    protected ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code <tool>: <what is wrong>}, then the usage, on standard error; exit code {@link #USAGE}. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine tool = e.getCommandLine();
        PrintWriter err = tool.getErr();
        err.println(tool.getCommandName() + ": " + e.getMessage());
        tool.usage(err);
        err.flush();
        return USAGE;
    }
}
