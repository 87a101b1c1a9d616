package io.txorders.ops;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/reconcile.sh}: reads the three service databases (read-only connections, nothing is changed)
 * and reports what disagrees. Exit code 0 when clean, 1 when discrepancies exist, 2 on usage or connection
 * errors.
 */
public final class ReconcileCommand {

    static final int CLEAN = 0;
    static final int DISCREPANCIES = 1;
    static final int ERROR = 2;

    private ReconcileCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err, Clock.systemUTC()));
    }

    /** Runs the command; returns its exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        ReconcileOptions options;
        try {
            options = ReconcileOptions.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("reconcile: " + e.getMessage());
            err.println(ReconcileOptions.USAGE);
            return ERROR;
        }
        if (options.help()) {
            out.println(ReconcileOptions.USAGE);
            return CLEAN;
        }
        if (options.repair()) {
            err.println("reconcile: --repair needs consumer replay (scripts/replay.sh), which this version does not "
                    + "have yet. The report below says which consumer group would have to re-consume what.");
            return ERROR;
        }
        ReconcileOptions.DatabaseUrls db = options.databases();
        try (Connection orders = connect(db.orders(), db);
             Connection inventory = connect(db.inventory(), db);
             Connection points = connect(db.points(), db)) {
            if (!options.json()) {
                err.println("reconcile: reading order_db, inventory_db and points_db …");
            }
            Reconciler.Result result = new Reconciler(orders, inventory, points, clock).run(options);
            if (options.json()) {
                printJson(result, options, clock.instant(), out);
            } else {
                printSummary(result, options, clock.instant(), out);
            }
            return result.discrepancies().isEmpty() ? CLEAN : DISCREPANCIES;
        } catch (SQLException e) {
            err.println("reconcile: database error: " + e.getMessage());
            return ERROR;
        }
    }

    private static Connection connect(String url, ReconcileOptions.DatabaseUrls db) throws SQLException {
        Connection connection = DriverManager.getConnection(url, db.user(), db.password());
        connection.setReadOnly(true);
        return connection;
    }

    private static void printSummary(Reconciler.Result result, ReconcileOptions options, Instant at, PrintStream out) {
        List<Discrepancy> found = result.discrepancies();
        long replayable = found.stream().filter(Discrepancy::fixableByReplay).count();
        out.printf("txorders reconciliation at %s (orders since %s)%n", at, options.since());
        out.printf("  orders checked        %d (%d changed in the last %s, still settling)%n", result.counts().orders(),
                result.counts().settling(), options.settle());
        out.printf("  SKUs checked          %d%n", result.counts().skus());
        out.printf("  committed publishes   %d older than the check window%n", result.counts().transactions());
        out.printf("  discrepancies         %d%n", found.size());
        for (Discrepancy d : found) {
            out.printf("    %-24s %-28s %s%s%n", d.kind(), d.subject(), d.detail(),
                    d.fixableByReplay() ? "   [missed consumption: replay " + d.group() + "]" : "   [needs a human]");
        }
        out.println(found.isEmpty() ? "Result: clean"
                : "Result: " + found.size() + " discrepancies (" + replayable + " explained by a missed consumption, "
                        + (found.size() - replayable) + " need a human)");
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
