package io.txorders.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;

/**
 * The command-line contract of every subcommand: {@code --help} prints its options and exits 0 without touching the
 * platform; a usage error says what is wrong, names the option, prints the usage and exits 2. Nothing here reaches a
 * database, an admin API or a name server: the environment points at a closed port.
 */
class TxordersCliTest {

    /** Nothing listens on port 1: a command that got past its usage checks would fail differently (or hang). */
    private static final Map<String, String> NOWHERE = Map.of("TXORDERS_ADMIN_TOKEN", "secret",
            "TXORDERS_DB_PORT", "1", "ROCKETMQ_NAMESRV_ADDR", "127.0.0.1:1", "TXORDERS_ORDER_URL", "http://127.0.0.1:1",
            "TXORDERS_INVENTORY_URL", "http://127.0.0.1:1", "TXORDERS_POINTS_URL", "http://127.0.0.1:1");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            reconcile ; scripts/reconcile.sh ; --since=ISO-8601,--json,--settle=DURATION,--stuck-after=DURATION,--repair,--metrics-file=PATH,--help,(30s),(10m),TXORDERS_ORDER_DB_URL
            replay    ; scripts/replay.sh    ; --group=<consumer-group>,--since=<ISO-8601>,--until=<ISO-8601>,--topic=<topic>,--margin=DURATION,--timeout=DURATION,(5s),points-consumer: order-events,TXORDERS_ADMIN_TOKEN
            dlq       ; scripts/dlq.sh       ; list [--service order|inventory|points] [--status NEW|RESUBMITTED|all] [--limit 50],show <service>/<id>,resubmit <service>/<id>,TXORDERS_ADMIN_TOKEN
            outbox    ; scripts/outbox.sh    ; list [--status DEAD|PENDING|SENT|all] [--limit 50],requeue <id>,requeue-dead,TXORDERS_ADMIN_TOKEN
            republish ; scripts/republish.sh ; <event-id>...,TXORDERS_ORDER_URL,TXORDERS_ADMIN_TOKEN
            """)
    void helpListsTheOptionsAndExitsZero(String command, String script, String expected) {
        assertThat(run(Map.of(), command, "--help")).isZero();

        assertThat(out()).startsWith("Usage: " + script).contains(expected.split(","));
        assertThat(err()).isEmpty();
    }

    @Test
    void theCommandsOfDlqAndOutboxHaveTheirOwnHelp() {
        assertThat(run(Map.of(), "dlq", "list", "--help")).isZero();
        assertThat(run(Map.of(), "outbox", "list", "--help")).isZero();
        assertThat(run(Map.of(), "outbox", "requeue", "-h")).isZero();

        assertThat(out()).contains("--service=order|inventory|points", "--status=NEW|RESUBMITTED|all", "(NEW)",
                "--status=DEAD|PENDING|SENT|all", "(DEAD)", "--limit=<limit>", "(50)", "<id>");
        assertThat(err()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            reconcile --nope                                          | reconcile: | Unknown option: '--nope'
            reconcile --settle=soon                                   | reconcile: | '--settle'
            reconcile --since=yesterday                               | reconcile: | '--since'
            reconcile unexpected                                      | reconcile: | 'unexpected'
            reconcile --inbox-retention=5m                            | reconcile: | --inbox-retention must be at least 1h
            replay --since 2026-11-24T08:00:00Z                       | replay:    | Missing required option: '--group
            replay --group points-consumer --since 2026-11-24T08:00:00Z --timeout=forever | replay: | '--timeout'
            replay --group no-such-group --since 2026-11-24T08:00:00Z | replay:    | unknown consumer group no-such-group
            replay --group points-consumer --since 2026-11-24T10:00:00Z --until 2026-11-24T11:00:00Z | replay: | --since is in the future
            replay --group points-consumer --since 2026-11-24T08:00:00Z --topic inventory-events | replay: | does not consume inventory-events
            dlq                                                       | dlq:       | which command: list, show or resubmit?
            dlq purge                                                 | dlq:       | 'purge'
            dlq list --nope                                           | dlq:       | Unknown option: '--nope'
            dlq list --limit many                                     | dlq:       | '--limit'
            dlq list --service billing                                | dlq:       | unknown service billing
            dlq list --status NWE                                     | dlq:       | expected one of [NEW, RESUBMITTED, ALL] (case-insensitive) but was 'NWE'
            dlq show 12                                               | dlq:       | name the dead letter as <service>/<id>
            outbox                                                    | outbox:    | which command: list, requeue or requeue-dead?
            outbox requeue                                            | outbox:    | '<id>'
            outbox requeue forty-two                                  | outbox:    | forty-two
            outbox list --status LOST                                 | outbox:    | expected one of [DEAD, PENDING, SENT, ALL] (case-insensitive) but was 'LOST'
            outbox requeue-dead --nope                                | outbox:    | Unknown option: '--nope'
            republish                                                 | republish: | '<event-id>'
            republish not-a-uuid                                      | republish: | not-a-uuid
            """)
    void aUsageErrorSaysWhatIsWrongPrintsTheUsageAndExitsTwo(String args, String prefix, String message) {
        assertThat(run(NOWHERE, args.trim().split("\\s+"))).isEqualTo(TxordersCli.USAGE);

        String tool = args.trim().split("\\s+")[0];
        assertThat(err()).startsWith(prefix.trim() + " ").contains(message.trim())
                .contains("Usage: scripts/" + tool + ".sh");
        assertThat(out()).isEmpty();
    }

    @Test
    void withoutASubcommandTheUsageNamesThemAllAndTheExitCodeIsTwo() {
        assertThat(run(Map.of())).isEqualTo(TxordersCli.USAGE);

        assertThat(err()).contains("which command", "reconcile", "replay", "dlq", "outbox", "republish");
    }

    @Test
    void theAdminCommandsRefuseToRunWithoutATokenAsAUsageError() {
        assertThat(run(Map.of("TXORDERS_INVENTORY_URL", "http://127.0.0.1:1"), "outbox", "list"))
                .isEqualTo(TxordersCli.USAGE);
        assertThat(run(Map.of(), "dlq", "list")).isEqualTo(TxordersCli.USAGE);
        assertThat(run(Map.of(), "replay", "--group", "points-consumer", "--since", "2026-11-24T08:00:00Z"))
                .isEqualTo(TxordersCli.USAGE);

        assertThat(err()).contains("outbox: TXORDERS_ADMIN_TOKEN is not set", "dlq: TXORDERS_ADMIN_TOKEN is not set",
                "replay: TXORDERS_ADMIN_TOKEN is not set");
    }

    @Test
    void durationsReadAsTheServicesPropertiesDo() {
        DurationConverter durations = new DurationConverter();

        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(durations.convert("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(durations.convert("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> durations.convert("ten minutes")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> durations.convert("7x")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> durations.convert("5")).as("5 ms to Spring, 5 s to whoever typed it")
                .hasMessageContaining("a duration needs a unit");
        assertThatThrownBy(() -> durations.convert("-5s")).hasMessageContaining("cannot be negative");
        assertThat(durations.convert("0s")).isZero();
        assertThat(new InstantConverter().convert("2026-11-24T08:00:00Z"))
                .isEqualTo(Instant.parse("2026-11-24T08:00:00Z"));
        assertThatThrownBy(() -> new InstantConverter().convert("yesterday")).hasMessageContaining("ISO-8601");
    }

    private int run(Map<String, String> env, String... args) {
        return TxordersCli.execute(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
