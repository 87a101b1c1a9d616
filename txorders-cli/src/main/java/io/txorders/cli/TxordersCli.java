package io.txorders.cli;

import io.txorders.cli.admin.AdminApi;
import io.txorders.cli.admin.ServiceEndpoints;
import io.txorders.cli.dlq.DlqCommand;
import io.txorders.cli.outbox.OutboxCommand;
import io.txorders.cli.reconcile.ReconcileCommand;
import io.txorders.cli.replay.ReplayCommand;
import io.txorders.cli.republish.RepublishCommand;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The production command line: {@code txorders reconcile|replay|dlq|outbox|republish}, each behind its script in
 * {@code scripts/}. Every subcommand prints its usage on {@code --help} (exit 0) and on a usage error, after one line
 * saying what is wrong (exit {@link #USAGE}); the other exit codes are each subcommand's own.
 *
 * <p>The platform is reached through the environment (databases, admin APIs, name server), never started here.
 */
@Command(name = "txorders", usageHelpWidth = 120,
        description = "Operations on a running txorders platform.",
        subcommands = {ReconcileCommand.class, ReplayCommand.class, DlqCommand.class, OutboxCommand.class,
            RepublishCommand.class})
public final class TxordersCli implements Runnable {

    /** Exit code of a usage error, a missing admin token, an unreachable service or database. */
    public static final int USAGE = 2;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    @CommandLine.Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
            description = "Show this help and exit.")
    private boolean help;

    private TxordersCli(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(execute(System.getenv(), System.out, System.err, Clock.systemUTC(), args));
    }

    /** Runs {@code txorders <args>} against the given environment and streams; returns the exit code. */
    public static int execute(Map<String, String> env, PrintStream out, PrintStream err, Clock clock, String... args) {
        CommandLine cli = new CommandLine(new TxordersCli(env, out, err, clock))
                .registerConverter(Duration.class, new DurationConverter())
                .registerConverter(Instant.class, new InstantConverter())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler(TxordersCli::usageError)
                .setExecutionExceptionHandler(TxordersCli::adminApiError);
        ReplayCommand.listGroups(cli.getSubcommands().get("replay").getCommandSpec().usageMessage());
        return cli.execute(args);
    }

    /** Runs one subcommand, as its script does: {@code execute(…, subcommand, args…)}. */
    public static int execute(String subcommand, String[] args, Map<String, String> env, PrintStream out,
                              PrintStream err, Clock clock) {
        String[] all = new String[args.length + 1];
        all[0] = subcommand;
        System.arraycopy(args, 0, all, 1, args.length);
        return execute(env, out, err, clock, all);
    }

    @Override
    public void run() {
        throw CommandGroup.whichCommand(spec);
    }

    public Map<String, String> env() {
        return env;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * The platform's endpoints, with the admin token the command needs.
     *
     * @throws ParameterException (a usage error) when {@code TXORDERS_ADMIN_TOKEN} is not set
     */
    public ServiceEndpoints adminEndpoints(CommandSpec command) {
        ServiceEndpoints endpoints = ServiceEndpoints.from(env);
        try {
            endpoints.requireUsable();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
        return endpoints;
    }

    /** An admin API call that could not be made or was refused: {@code <command>: <why>}, exit code {@link #USAGE}. */
    private static int adminApiError(Exception e, CommandLine command, ParseResult parsed) throws Exception {
        if (!(e instanceof AdminApi.AdminApiException)) {
            throw e;
        }
        command.getErr().println(tool(command).getCommandName() + ": " + e.getMessage());
        return USAGE;
    }

    /** {@code <command>: <what is wrong>}, then the command's usage, on standard error; exit code {@link #USAGE}. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine tool = tool(e.getCommandLine());
        PrintWriter err = tool.getErr();
        err.println(tool.getCommandName() + ": " + e.getMessage());
        tool.usage(err);
        return USAGE;
    }

    /** The subcommand a script runs ({@code dlq} for {@code dlq list}), or the root when none was given. */
    private static CommandLine tool(CommandLine command) {
        CommandLine tool = command;
        while (tool.getParent() != null && tool.getParent().getParent() != null) {
            tool = tool.getParent();
        }
        return tool;
    }
}
