package io.txorders.cli.republish;

import io.txorders.cli.TxordersCli;
import io.txorders.cli.admin.AdminApi;
import io.txorders.cli.admin.ServiceEndpoints;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/**
 * {@code txorders republish} ({@code scripts/republish.sh}): the recovery of committed publishes whose half message the
 * broker discarded, one event at a time, through order-producer's admin API
 * ({@code POST /admin/transactions/{id}/republish}). The exact message goes out again (same event id, keys, tag and
 * body); consumers that already have it drop it in their inbox, and a rolled-back transaction is refused, so running
 * it twice or on the wrong id never applies anything twice or delivers what must not be. order-producer does the same
 * by itself after {@code txorders.publisher.recovery.after}; {@code scripts/reconcile.sh} lists the events that need
 * it. Exit code 0 when every event was republished, 1 when any was not (unknown, rolled back, being republished
 * elsewhere, not rebuildable, RocketMQ unavailable), 2 on usage, connection or token errors.
 */
@Command(name = "republish", usageHelpWidth = 120,
        customSynopsis = "scripts/republish.sh <event-id>...",
        description = {"",
            "Publishes the message of committed transactions again (the broker discarded their half message after its",
            "check-backs went unanswered). Consumers that already applied an event drop it as a duplicate.", ""},
        footer = {"", ServiceEndpoints.ENVIRONMENT_HELP})
public final class RepublishCommand implements Callable<Integer> {

    @ParentCommand
    private TxordersCli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "<event-id>", arity = "1..*",
            description = "The event id of a committed transaction (its tx_state id), e.g. from reconcile's report.")
    private List<UUID> eventIds;

    /** Runs {@code txorders republish <args>}; returns its exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return TxordersCli.execute("republish", args, env, out, err, Clock.systemUTC());
    }

    @Override
    public Integer call() {
        ServiceEndpoints endpoints = cli.adminEndpoints(spec);
        AdminApi admin = new AdminApi(endpoints.adminToken());
        // Any instance answers: the state is in the one order database and a claim keeps two from racing.
        var order = endpoints.orders().get(0);
        int failed = 0;
        for (UUID eventId : eventIds) {
            try {
                JsonNode result = admin.post(order, "/admin/transactions/" + eventId + "/republish");
                cli.out().printf("republish: %s %s%n", eventId, result.path("outcome").asString());
            } catch (AdminApi.AdminApiException e) {
                if (e.isAccessProblem()) {
                    throw e;
                }
                failed++;
                cli.err().println("republish: " + eventId + ": " + e.getMessage());
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
