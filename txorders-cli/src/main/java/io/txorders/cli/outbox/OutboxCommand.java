package io.txorders.cli.outbox;

import io.txorders.cli.CommandGroup;
import io.txorders.cli.TxordersCli;
import io.txorders.cli.admin.AdminApi;
import io.txorders.cli.admin.ServiceEndpoints;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code txorders outbox} ({@code scripts/outbox.sh}): inventory-consumer's outbox (the StockReserved/StockRejected
 * answers waiting to be published), through its admin API. {@code requeue} puts a DEAD row (one the broker rejected)
 * back to PENDING; the relay then publishes it like any other, at least once, and order-producer's inbox drops a
 * duplicate. Exit code 0 on success, 1 when the row cannot be requeued (unknown, or not DEAD), 2 on usage,
 * connection or token errors.
 */
@Command(name = "outbox", usageHelpWidth = 120, 
        customSynopsis = {"scripts/outbox.sh list [--status DEAD|PENDING|SENT|all] [--limit 50]",
            "       scripts/outbox.sh requeue <id>",
            "       scripts/outbox.sh requeue-dead"},
        description = {"",
            "A row is DEAD only when the broker rejected the message itself; during a broker outage rows stay PENDING",
            "and are retried until it ends (txorders_outbox_oldest_pending_age_seconds shows for how long). Fix what",
            "made the broker reject a row before requeueing it, or it goes DEAD again.", ""},
        footer = {"", ServiceEndpoints.ENVIRONMENT_HELP},
        subcommands = {OutboxCommand.List.class, OutboxCommand.Requeue.class, OutboxCommand.RequeueDead.class})
public final class OutboxCommand extends CommandGroup {

    /** Runs {@code txorders outbox <args>}; returns its exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return TxordersCli.execute("outbox", args, env, out, err, Clock.systemUTC());
    }

    /** Every instance shares the one inventory database: the first answers for all. */
    private URI inventory(ServiceEndpoints endpoints) {
        return endpoints.inventory().get(0);
    }

    /** What {@code list --status} takes, in any case. */
    enum Status { DEAD, PENDING, SENT, ALL }

    @Command(name = "list", description = "Outbox rows, lowest id first (the relay's order); default status DEAD.")
    static final class List implements Callable<Integer> {

        @ParentCommand
        private OutboxCommand outbox;

        @Spec
        private CommandSpec spec;

        @Option(names = "--status", paramLabel = "DEAD|PENDING|SENT|all", defaultValue = "DEAD",
                description = "Rows of this status (${DEFAULT-VALUE}).")
        private Status status;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many rows (${DEFAULT-VALUE}).")
        private int limit;

        @Override
        public Integer call() {
            ServiceEndpoints endpoints = outbox.cli.adminEndpoints(spec);
            PrintStream out = outbox.cli.out();
            String query = "/admin/outbox?limit=" + limit + (status == Status.ALL ? "" : "&status=" + status);
            int total = 0;
            out.printf("%-10s %-8s %-8s %-14s %-26s %-24s %-24s %s%n", "ID", "STATUS", "ATTEMPTS", "TYPE", "ORDER",
                    "CREATED", "NEXT ATTEMPT", "EVENT ID / LAST ERROR");
            for (JsonNode row : new AdminApi(endpoints.adminToken()).get(outbox.inventory(endpoints), query)) {
                total++;
                out.printf("%-10d %-8s %-8d %-14s %-26s %-24s %-24s %s / %s%n", row.path("id").asLong(),
                        row.path("status").asString(), row.path("attempts").asInt(), row.path("eventType").asString(),
                        row.path("orderNo").asString(), row.path("createdAt").asString(),
                        row.path("nextAttemptAt").asString(), row.path("eventId").asString(),
                        row.path("lastError").asString("-"));
            }
            out.printf("%d outbox row(s)%n", total);
            return 0;
        }
    }

    @Command(name = "requeue", description = "One DEAD row back to PENDING (attempts reset, due now); the relay "
            + "publishes it.")
    static final class Requeue implements Callable<Integer> {

        @ParentCommand
        private OutboxCommand outbox;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "<id>", description = "The outbox row, e.g. 42.")
        private long id;

        @Override
        public Integer call() {
            ServiceEndpoints endpoints = outbox.cli.adminEndpoints(spec);
            try {
                JsonNode result = new AdminApi(endpoints.adminToken())
                        .post(outbox.inventory(endpoints), "/admin/outbox/" + id + "/requeue");
                outbox.cli.out().printf("outbox: row %d %s%n", id, result.path("outcome").asString());
                return 0;
            } catch (AdminApi.AdminApiException e) {
                if (e.isAccessProblem()) {
                    throw e;
                }
                outbox.cli.err().println("outbox: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "requeue-dead", description = "Every DEAD row back to PENDING; prints how many.")
    static final class RequeueDead implements Callable<Integer> {

        @ParentCommand
        private OutboxCommand outbox;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            ServiceEndpoints endpoints = outbox.cli.adminEndpoints(spec);
            JsonNode result = new AdminApi(endpoints.adminToken())
                    .post(outbox.inventory(endpoints), "/admin/outbox/requeue-dead");
            outbox.cli.out().printf("outbox: %d DEAD row(s) requeued%n", result.path("requeued").asInt());
            return 0;
        }
    }
}
