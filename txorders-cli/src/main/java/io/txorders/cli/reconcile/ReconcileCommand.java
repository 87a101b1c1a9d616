package io.txorders.cli.reconcile;

import io.txorders.cli.DurationConverter;
import io.txorders.cli.InstantConverter;
import io.txorders.cli.TxordersCli;
import io.txorders.cli.admin.AdminApi;
import io.txorders.cli.admin.ConsumerCounters;
import io.txorders.cli.admin.ServiceEndpoints;
import io.txorders.cli.replay.RemotingConsumeOffsets;
import io.txorders.cli.replay.Replayer;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.database.UtcConnections;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code txorders reconcile} ({@code scripts/reconcile.sh}): reads the three service databases (read-only
 * connections, nothing is changed) and reports what disagrees; with {@code --repair} it replays the consumer groups
 * whose missed consumption explains a discrepancy ({@link Replayer}) and reports again. Exit code 0 when clean (after
 * a repair: clean afterwards), 1 when discrepancies exist, 2 on usage or connection errors.
 */
@Command(name = "reconcile", sortOptions = false, usageHelpWidth = 120,
        customSynopsis = {"scripts/reconcile.sh [--since=ISO-8601] [--json] [--settle=30s] [--stuck-after=10m] "
                + "[--repair]", "                      [--metrics-file=PATH]"},
        description = {"",
            "Compares the three service databases, read-only, and reports every discrepancy:",
            "  - per order: status vs the inventory reservation vs the points ledger",
            "    (PAID <-> CONFIRMED <-> points awarded; CANCELLED <-> RELEASED/REJECTED/none <-> no points;",
            "    RESERVED <-> RESERVED; PENDING older than --stuck-after = stuck);",
            "  - per SKU: available + reserved + sold vs stocked, and reserved/sold vs the reservation ledger;",
            "  - ledger entries whose order does not exist: RESERVED/CONFIRMED reservations (ORPHAN_RESERVATION)",
            "    and points awarded (ORPHAN_POINTS) for an order order_db does not have;",
            "  - outbox rows DEAD or PENDING for more than 5 minutes; dead letters not yet resubmitted;",
            "  - committed tx_state rows older than the check window whose event no consumer has seen: a missed",
            "    consumption (UNDELIVERED_EVENT), or NEVER_REACHED_TOPIC when neither the commit nor a check-back",
            "    answer reached RocketMQ (the broker discarded the half message; replay cannot help).",
            "Exit code: 0 when clean, 1 when discrepancies exist, 2 on usage or connection errors.", ""},
        footer = {"",
            "Databases (defaults: the embedded stack of run-local.sh):",
            "  TXORDERS_ORDER_DB_URL, TXORDERS_INVENTORY_DB_URL, TXORDERS_POINTS_DB_URL,",
            "  TXORDERS_DB_USER (txorders), TXORDERS_DB_PASSWORD (txorders)"})
public final class ReconcileCommand implements Callable<Integer> {

    static final int CLEAN = 0;
    static final int DISCREPANCIES = 1;
    static final int ERROR = TxordersCli.USAGE;
    /** How long {@code --repair} waits for the consumers of republished events before it reports again. */
    static final Duration REPUBLISH_CONSUMED_TIMEOUT = Duration.ofMinutes(2);
    /** Replays start this much before the earliest missed event: stored timestamps are coarse. */
    static final Duration REPLAY_MARGIN = Duration.ofSeconds(5);
    static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(10);

    @ParentCommand
    private TxordersCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = "--since", paramLabel = "ISO-8601", defaultValue = "1970-01-01T00:00:00Z",
            description = "Only orders created at or after this instant, or this long ago (e.g. 2d: what a scheduled "
                    + "run wants, its cost then stays the same as the tables grow); default: everything.")
    private String since;

    @Option(names = "--json", description = "Print the report as JSON instead of the human summary.")
    private boolean json;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "30s",
            description = "Orders changed more recently than this are still in flight and not judged (${DEFAULT-VALUE}).")
    private Duration settle;

    @Option(names = "--stuck-after", paramLabel = "DURATION", defaultValue = "10m",
            description = "A PENDING order older than this is reported as stuck (${DEFAULT-VALUE}).")
    private Duration stuckAfter;

    @Option(names = "--repair", description = "Republishes every committed event that never reached its topic "
            + "through order-producer (POST /admin/transactions/{id}/republish: the exact message again; inboxes drop "
            + "duplicates); for discrepancies a missed consumption explains, replays the affected consumer groups "
            + "(scripts/replay.sh) from just before the earliest affected event; waits until the consumers caught up "
            + "and reports again; what neither can fix is listed for a human. Needs TXORDERS_ADMIN_TOKEN and the "
            + "replay settings (ROCKETMQ_NAMESRV_ADDR, TXORDERS_*_URL; see scripts/replay.sh --help).")
    private boolean repair;

    @Option(names = "--inbox-retention", paramLabel = "DURATION", defaultValue = "7d",
            description = "How long the services keep inbox rows, their txorders.inbox.retention (${DEFAULT-VALUE}): "
                    + "older events are not judged by the inbox, and a discrepancy older than that is for a human, "
                    + "as a replay would apply again what the purged rows no longer guard.")
    private Duration inboxRetention;

    @Option(names = "--metrics-file", paramLabel = "PATH", description = "Also write the result in the Prometheus "
            + "text format (txorders_reconcile_discrepancies{kind}, txorders_reconcile_last_run_timestamp_seconds) for "
            + "node_exporter's textfile collector.")
    private String metricsFile;

    /** Runs {@code txorders reconcile <args>}; returns its exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        return TxordersCli.execute("reconcile", args, env, out, err, clock);
    }

    @Override
    public Integer call() {
        if (inboxRetention.compareTo(Duration.ofHours(1)) < 0) {
            // The services refuse a shorter one; under 10 min the horizon would even lie in the future.
            throw new ParameterException(spec.commandLine(), "--inbox-retention must be at least 1h, as the services' "
                    + "txorders.inbox.retention is");
        }
        Instant from;
        try {
            from = since(since, cli.clock());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--since': " + e.getMessage());
        }
        return reconcile(new ReconcileOptions(from, settle, stuckAfter, json, repair, metricsFile, inboxRetention), cli.env(),
                cli.out(), cli.err(), cli.clock());
    }

    /**
     * {@code --since}: an ISO-8601 instant, or a duration in the platform's one grammar ({@link DurationConverter})
     * counted back from now.
     *
     * @throws IllegalArgumentException if it is neither
     */
    static Instant since(String text, Clock clock) {
        try {
            return new InstantConverter().convert(text);
        } catch (TypeConversionException notAnInstant) {
            try {
                return clock.instant().minus(new DurationConverter().convert(text));
            } catch (TypeConversionException notADuration) {
                throw new IllegalArgumentException("neither an ISO-8601 instant (e.g. 2026-11-24T08:00:00Z) nor a "
                        + "duration back from now (e.g. 2d, 12h): " + text);
            }
        }
    }

    private static int reconcile(ReconcileOptions options, Map<String, String> env, PrintStream out, PrintStream err,
                                 Clock clock) {
        DatabaseUrls db = DatabaseUrls.from(env);
        try (Connection orders = connect(db.orders(), db);
             Connection inventory = connect(db.inventory(), db);
             Connection points = connect(db.points(), db)) {
            if (!options.json()) {
                err.println("reconcile: reading order_db, inventory_db and points_db …");
            }
            Reconciler reconciler = new Reconciler(orders, inventory, points, clock);
            Reconciler.Result result = reconciler.run(options);
            boolean replayNeeded = options.repair() && result.discrepancies().stream()
                    .anyMatch(d -> d.fixableByReplay() || d.fixableByRepublish());
            if (!(replayNeeded && options.json())) {
                print(result, options, clock.instant(), out); // with --json, only the final report is printed
            }
            if (replayNeeded) {
                int repaired = repair(result, env, options.json() ? err : out, err, clock);
                if (repaired != CLEAN) {
                    // What was found still stands: the JSON report and the alerting textfile must say so.
                    if (options.json()) {
                        print(result, options, clock.instant(), out);
                    }
                    writeMetricsIfAsked(result, options, clock);
                    return repaired;
                }
                result = awaitRepublishedConsumed(reconciler, options, result, options.json() ? err : out, clock);
                (options.json() ? err : out).println("reconcile: report after the repair:");
                print(result, options, clock.instant(), out);
            } else if (options.repair() && !result.discrepancies().isEmpty()) {
                (options.json() ? err : out).println("reconcile: nothing here is explained by a missed consumption "
                        + "or an event that never reached its topic; replay and republish cannot fix it");
            }
            writeMetricsIfAsked(result, options, clock);
            return result.discrepancies().isEmpty() ? CLEAN : DISCREPANCIES;
        } catch (IOException e) {
            err.println("reconcile: could not write " + options.metricsFile() + ": " + e.getMessage());
            return ERROR;
        } catch (SQLException e) {
            err.println("reconcile: database error: " + e.getMessage());
            return ERROR;
        }
    }

    private static void writeMetricsIfAsked(Reconciler.Result result, ReconcileOptions options, Clock clock)
            throws IOException {
        if (options.metricsFile() != null) {
            writeMetrics(result, Path.of(options.metricsFile()), clock.instant());
        }
    }

    /**
     * Republishes, through order-producer, every committed event that never reached its topic (the same path as the
     * service's own recovery: the exact message again, duplicates dropped by the inboxes); then replays every group
     * a missed consumption names, from a margin before its earliest missed event, and waits until each caught up.
     *
     * @return {@link #CLEAN} when every republish was taken and every replay caught up, else the exit code to end with
     */
    private static int repair(Reconciler.Result result, Map<String, String> env, PrintStream out, PrintStream err,
                              Clock clock) {
        ServiceEndpoints services = ServiceEndpoints.from(env);
        try {
            services.requireUsable();
        } catch (IllegalArgumentException e) {
            err.println("reconcile: --repair: " + e.getMessage());
            return ERROR;
        }
        java.util.Set<String> toRepublish = new java.util.TreeSet<>();
        result.discrepancies().stream().filter(Discrepancy::fixableByRepublish)
                .forEach(d -> toRepublish.add(d.republishEventId()));
        int republished = toRepublish.isEmpty() ? CLEAN : republish(toRepublish, services, out, err);
        if (republished == ERROR) {
            return ERROR;
        }
        // A republish that was refused does not keep the replays from running.
        int replayed = result.discrepancies().stream().anyMatch(Discrepancy::fixableByReplay)
                ? replay(result, env, out, err, clock) : CLEAN;
        return replayed != CLEAN ? replayed : republished;
    }

    /**
     * Reconciles again until no event that was republished is still unseen by its consumers, for at most
     * {@link #REPUBLISH_CONSUMED_TIMEOUT}, printing progress every few seconds.
     */
    private static Reconciler.Result awaitRepublishedConsumed(Reconciler reconciler, ReconcileOptions options,
                                                              Reconciler.Result before, PrintStream out, Clock clock)
            throws SQLException {
        java.util.Set<String> republished = new java.util.HashSet<>();
        before.discrepancies().stream().filter(Discrepancy::fixableByRepublish)
                .forEach(d -> republished.add(d.republishEventId()));
        Instant deadline = clock.instant().plus(REPUBLISH_CONSUMED_TIMEOUT);
        Reconciler.Result result = reconciler.run(options);
        while (true) {
            long waiting = result.discrepancies().stream()
                    .filter(d -> republished.contains(d.republishEventId()) || d.kind().equals("UNDELIVERED_EVENT")
                            && republished.stream().anyMatch(id -> d.detail().contains(id)))
                    .count();
            if (waiting == 0 || !clock.instant().isBefore(deadline)) {
                return result;
            }
            out.printf("reconcile: waiting for the consumers of %d republished event(s) …%n", waiting);
            try {
                Thread.sleep(2_000); // a CLI polling the databases, not a test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
            result = reconciler.run(options);
        }
    }

    /**
     * POSTs {@code /admin/transactions/{id}/republish} to the first order-producer instance that answers, for each
     * event: one that cannot be republished does not keep the others from it.
     *
     * @return CLEAN when all were republished, DISCREPANCIES when some were not, ERROR (at once) when the token is
     *         refused or no order-producer can be reached
     */
    static int republish(java.util.Set<String> eventIds, ServiceEndpoints services, PrintStream out,
                         PrintStream err) {
        AdminApi api = new AdminApi(services.adminToken());
        int done = 0;
        int failed = 0;
        for (String eventId : eventIds) {
            AdminApi.AdminApiException last = null;
            boolean republished = false;
            for (java.net.URI instance : services.orders()) {
                try {
                    var answer = api.post(instance, "/admin/transactions/" + eventId + "/republish");
                    out.printf("reconcile: never reached the topic -> republished eventId %s (%s) [%d/%d]%n", eventId,
                            answer.path("outcome").asString(), ++done, eventIds.size());
                    republished = true;
                    break;
                } catch (AdminApi.AdminApiException e) {
                    last = e;
                    if (e.status() >= 400 && e.status() < 500) {
                        break; // the instance answered: another one would say the same
                    }
                }
            }
            if (!republished) {
                err.println("reconcile: --repair: republish of eventId " + eventId + " failed: "
                        + (last == null ? "no order-producer URL" : last.getMessage()));
                if (last == null || last.isAccessProblem()) {
                    return ERROR; // no event would fare better
                }
                failed++;
            }
        }
        // The consumers take a moment; the report that follows waits for them (see awaitConsumed).
        return failed == 0 ? CLEAN : DISCREPANCIES;
    }

    private static int replay(Reconciler.Result result, Map<String, String> env, PrintStream out, PrintStream err,
                              Clock clock) {
        Map<ConsumerGroup, Instant> from = new EnumMap<>(ConsumerGroup.class);
        for (Discrepancy d : result.discrepancies()) {
            if (d.fixableByReplay()) {
                ConsumerGroup group = ConsumerGroup.byName(d.group()).orElseThrow();
                from.merge(group, d.replayFrom(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        ServiceEndpoints endpoints = ServiceEndpoints.from(env);
        try (RemotingConsumeOffsets admin = RemotingConsumeOffsets.connect(endpoints.namesrvAddr())) {
            Replayer replayer = new Replayer(new ConsumerCounters(endpoints, new AdminApi(endpoints.adminToken())),
                    admin, out, clock);
            for (Map.Entry<ConsumerGroup, Instant> replay : from.entrySet()) {
                out.printf("reconcile: replaying %s from %s%n", replay.getKey().groupName(), replay.getValue());
                Replayer.Result replayed = replayer.replay(replay.getKey(), replay.getValue(), clock.instant(),
                        REPLAY_MARGIN, REPLAY_TIMEOUT);
                Replayer.printResult(replayed, out);
                if (!replayed.caughtUp()) {
                    return DISCREPANCIES;
                }
            }
            return CLEAN;
        } catch (AdminApi.AdminApiException | IllegalStateException e) {
            err.println("reconcile: --repair: " + e.getMessage());
            return ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ERROR;
        }
    }

    /**
     * Writes the result for node_exporter's textfile collector, atomically (a temporary file renamed into place),
     * so that an alert can fire on discrepancies and on a reconciliation that stopped running.
     */
    static void writeMetrics(Reconciler.Result result, Path file, Instant at) throws IOException {
        Map<String, Long> byKind = new java.util.TreeMap<>();
        result.discrepancies().forEach(d -> byKind.merge(d.kind(), 1L, Long::sum));
        StringBuilder text = new StringBuilder()
                .append("# HELP txorders_reconcile_discrepancies Discrepancies found by the last reconciliation.\n")
                .append("# TYPE txorders_reconcile_discrepancies gauge\n")
                .append("txorders_reconcile_discrepancies{kind=\"all\"} ").append(result.discrepancies().size()).append('\n');
        byKind.forEach((kind, count) -> text.append("txorders_reconcile_discrepancies{kind=\"").append(kind)
                .append("\"} ").append(count).append('\n'));
        text.append("# HELP txorders_reconcile_last_run_timestamp_seconds When the last reconciliation finished.\n")
                .append("# TYPE txorders_reconcile_last_run_timestamp_seconds gauge\n")
                .append("txorders_reconcile_last_run_timestamp_seconds ").append(at.getEpochSecond()).append('\n');
        Path absolute = file.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void print(Reconciler.Result result, ReconcileOptions options, Instant at, PrintStream out) {
        if (options.json()) {
            printJson(result, options, at, out);
        } else {
            printSummary(result, options, at, out);
        }
    }

    private static Connection connect(String url, DatabaseUrls db) throws SQLException {
        Connection connection = UtcConnections.open(url, db.user(), db.password());
        connection.setReadOnly(true);
        return connection;
    }

    private static void printSummary(Reconciler.Result result, ReconcileOptions options, Instant at, PrintStream out) {
        List<Discrepancy> found = result.discrepancies();
        long replayable = found.stream().filter(Discrepancy::fixableByReplay).count();
        long republishable = found.stream().filter(Discrepancy::fixableByRepublish).count();
        out.printf("txorders reconciliation at %s (orders since %s)%n", at, options.since());
        out.printf("  orders checked        %d (%d changed in the last %s, still settling)%n", result.counts().orders(),
                result.counts().settling(), options.settle());
        out.printf("  SKUs checked          %d%n", result.counts().skus());
        out.printf("  committed publishes   %d older than the check window%n", result.counts().transactions());
        out.printf("  discrepancies         %d%n", found.size());
        for (Discrepancy d : found) {
            out.printf("    %-24s %-28s %s%s%n", d.kind(), d.subject(), d.detail(),
                    d.fixableByReplay() ? "   [missed consumption: replay " + d.group() + "]"
                            : d.fixableByRepublish() ? "   [never reached the topic: republish]" : "   [needs a human]");
        }
        out.println(found.isEmpty() ? "Result: clean"
                : "Result: " + found.size() + " discrepancies (" + replayable + " explained by a missed consumption, "
                        + republishable + " by an event that never reached its topic, "
                        + (found.size() - replayable - republishable) + " need a human)");
    }

    private static void printJson(Reconciler.Result result, ReconcileOptions options, Instant at, PrintStream out) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("checkedAt", at.toString());
        report.put("since", options.since().toString());
        report.put("counts", result.counts());
        report.put("clean", result.discrepancies().isEmpty());
        report.put("discrepancies", result.discrepancies());
        out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(report));
    }
}
