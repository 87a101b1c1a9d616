package io.txorders.ops;

import io.txorders.devstack.RocketMqAdmin;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Topic;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code scripts/replay.sh}: makes a consumer group re-consume its topics from a point in time (see
 * {@link Replayer}). Exit code 0 when the group caught up, 1 when it did not within the timeout, 2 on usage,
 * connection or authorisation errors.
 */
public final class ReplayCommand {

    static final String USAGE = """
            Usage: scripts/replay.sh --group <consumer-group> --since <ISO-8601> [--until <ISO-8601>]
                                     [--topic <topic>] [--margin 5s] [--timeout 10m]

            Resets the group's consume offsets to --since (minus --margin: stored timestamps are coarse) through
            the RocketMQ admin API; the running consumers re-consume from there, and their inbox skips what they
            already applied. Prints progress until the group has caught up, then messages re-consumed vs
            duplicates skipped (from the services' consumer counters). A reset has no end: messages after
            --until are re-delivered too and skipped as duplicates; --until only bounds the window count.

            Groups: %s
            Topics: the group's own (%s) unless --topic names one of them.
            Exit code: 0 caught up, 1 not caught up within --timeout, 2 usage, connection or token errors.

            %s""".formatted(
            Arrays.stream(ConsumerGroup.values()).map(ConsumerGroup::groupName).collect(Collectors.joining(", ")),
            Arrays.stream(ConsumerGroup.values()).map(g -> g.groupName() + ": " + g.topics().stream()
                    .map(Topic::topicName).collect(Collectors.joining("+"))).collect(Collectors.joining("; ")),
            ServiceEndpoints.ENVIRONMENT_HELP);

    private ReplayCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err, Clock.systemUTC()));
    }

    /** Runs the command; returns its exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        ConsumerGroup group;
        List<Topic> topics;
        Instant since;
        Instant until;
        Duration margin;
        Duration timeout;
        ServiceEndpoints endpoints = ServiceEndpoints.from(env);
        try {
            Arguments parsed = Arguments.parse(args, Set.of("group", "since", "until", "topic", "margin", "timeout"),
                    Set.of("help"));
            if (parsed.flag("help")) {
                out.println(USAGE);
                return 0;
            }
            String name = parsed.required("group");
            group = ConsumerGroup.byName(name)
                    .orElseThrow(() -> new IllegalArgumentException("unknown consumer group " + name));
            since = parsed.instant("since", null);
            if (since == null) {
                throw new IllegalArgumentException("--since is required");
            }
            until = parsed.instant("until", clock.instant());
            if (!until.isAfter(since)) {
                throw new IllegalArgumentException("--until must be after --since");
            }
            topics = group.topics();
            String topic = parsed.value("topic", null);
            if (topic != null) {
                topics = group.topics().stream().filter(t -> t.topicName().equals(topic)).toList();
                if (topics.isEmpty()) {
                    throw new IllegalArgumentException(group.groupName() + " does not consume " + topic);
                }
            }
            margin = parsed.duration("margin", Duration.ofSeconds(5));
            timeout = parsed.duration("timeout", Duration.ofMinutes(10));
            endpoints.requireAdminToken();
        } catch (IllegalArgumentException e) {
            err.println("replay: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        AdminApi api = new AdminApi(endpoints.adminToken());
        try (RocketMqAdmin admin = RocketMqAdmin.connect(endpoints.namesrvAddr())) {
            Replayer replayer = new Replayer(new ConsumerCounters(endpoints, api), admin, out, clock);
            Replayer.Result result = replayer.replay(group, topics, since, until, margin, timeout);
            Replayer.printResult(result, out);
            return result.caughtUp() ? 0 : 1;
        } catch (AdminApi.AdminApiException | IllegalStateException e) {
            err.println("replay: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("replay: interrupted");
            return 2;
        }
    }
}
