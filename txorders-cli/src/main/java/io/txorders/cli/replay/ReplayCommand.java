package io.txorders.cli.replay;

import io.txorders.cli.TxordersCli;
import io.txorders.cli.admin.AdminApi;
import io.txorders.cli.admin.ConsumerCounters;
import io.txorders.cli.admin.ServiceEndpoints;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Topic;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code txorders replay} ({@code scripts/replay.sh}): makes a consumer group re-consume its topics from a point in
 * time (see {@link Replayer}). Exit code 0 when the group caught up, 1 when it did not within the timeout, 2 on
 * usage, connection or authorisation errors.
 */
@Command(name = "replay", sortOptions = false, usageHelpWidth = 120,
        customSynopsis = {"scripts/replay.sh --group <consumer-group> --since <ISO-8601> [--until <ISO-8601>]",
            "                   [--topic <topic>] [--margin 5s] [--timeout 10m]"},
        description = {"",
            "Resets the group's consume offsets to --since (minus --margin: stored timestamps are coarse) through",
            "the RocketMQ admin API; the running consumers re-consume from there, and their inbox skips what they",
            "already applied. Prints progress until the group has caught up, then messages re-consumed vs",
            "duplicates skipped (from the services' consumer counters). A reset has no end: messages after",
            "--until are re-delivered too and skipped as duplicates; --until only bounds the window count.",
            "",
            "Groups (topics): see listGroups",
            "Exit code: 0 caught up, 1 not caught up within --timeout, 2 usage, connection or token errors.", ""},
        footer = {"", ServiceEndpoints.ENVIRONMENT_HELP})
public final class ReplayCommand implements Callable<Integer> {

    @ParentCommand
    private TxordersCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = "--group", required = true, paramLabel = "<consumer-group>",
            description = "The consumer group to replay.")
    private String groupName;

    @Option(names = "--since", required = true, paramLabel = "<ISO-8601>",
            description = "Re-consume from this instant (minus --margin).")
    private Instant since;

    @Option(names = "--until", paramLabel = "<ISO-8601>",
            description = "End of the window counted in the report (default: now).")
    private Instant until;

    @Option(names = "--topic", paramLabel = "<topic>", description = "Only this one of the group's topics.")
    private String topic;

    @Option(names = "--margin", paramLabel = "DURATION", defaultValue = "5s",
            description = "Reset this much before --since (${DEFAULT-VALUE}).")
    private Duration margin;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "Give up (exit 1) when not caught up after this long (${DEFAULT-VALUE}).")
    private Duration timeout;

    /** Runs {@code txorders replay <args>}; returns its exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        return TxordersCli.execute("replay", args, env, out, err, clock);
    }

    /**
     * Puts the consumer groups and their topics into the usage text, in place of its placeholder line (an annotation
     * cannot compute them from {@link ConsumerGroup}).
     */
    public static void listGroups(UsageMessageSpec usage) {
        String groups = "Groups: " + Stream.of(ConsumerGroup.values()).map(ConsumerGroup::groupName)
                .collect(Collectors.joining(", "));
        String topics = "Topics: the group's own (" + Stream.of(ConsumerGroup.values()).map(g -> g.groupName() + ": "
                + g.topics().stream().map(Topic::topicName).collect(Collectors.joining("+")))
                .collect(Collectors.joining("; ")) + ") unless --topic names one of them.";
        usage.description(Stream.of(usage.description())
                .flatMap(line -> line.startsWith("Groups (topics)") ? Stream.of(groups, topics) : Stream.of(line))
                .toArray(String[]::new));
    }

    @Override
    public Integer call() {
        ConsumerGroup group = ConsumerGroup.byName(groupName)
                .orElseThrow(() -> usageError("unknown consumer group " + groupName));
        if (since.isAfter(cli.clock().instant())) {
            throw usageError("--since is in the future: a reset there would skip every message the group has not "
                    + "consumed yet");
        }
        Instant end = until == null ? cli.clock().instant() : until;
        if (!end.isAfter(since)) {
            throw usageError("--until must be after --since");
        }
        List<Topic> topics = group.topics();
        if (topic != null) {
            topics = group.topics().stream().filter(t -> t.topicName().equals(topic)).toList();
            if (topics.isEmpty()) {
                throw usageError(group.groupName() + " does not consume " + topic);
            }
        }
        ServiceEndpoints endpoints = ServiceEndpoints.from(cli.env());
        try {
            endpoints.requireUsable();
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        PrintStream out = cli.out();
        AdminApi api = new AdminApi(endpoints.adminToken());
        try (RemotingConsumeOffsets admin = RemotingConsumeOffsets.connect(endpoints.namesrvAddr())) {
            Replayer replayer = new Replayer(new ConsumerCounters(endpoints, api), admin, out, cli.clock());
            Replayer.Result result = replayer.replay(group, topics, since, end, margin, timeout);
            Replayer.printResult(result, out);
            return result.caughtUp() ? 0 : 1;
        } catch (AdminApi.AdminApiException | IllegalStateException e) {
            cli.err().println("replay: " + e.getMessage());
            return TxordersCli.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cli.err().println("replay: interrupted");
            return TxordersCli.USAGE;
        }
    }

    private ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
