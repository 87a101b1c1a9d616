package io.txorders.ops;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code scripts/outbox.sh}: inventory-consumer's outbox (the StockReserved/StockRejected answers waiting to be
 * published), through its admin API. {@code requeue} puts a DEAD row (one the broker rejected) back to PENDING; the
 * relay then publishes it like any other, at least once, and order-producer's inbox drops a duplicate. Exit code 0 on
 * success, 1 when the row cannot be requeued (unknown, or not DEAD), 2 on usage, connection or token errors.
 */
public final class OutboxCommand {

    static final String USAGE = """
            Usage: scripts/outbox.sh list [--status DEAD|PENDING|SENT|all] [--limit 50]
                   scripts/outbox.sh requeue <id>
                   scripts/outbox.sh requeue-dead

            list          outbox rows, lowest id first (the relay's order); default status DEAD
            requeue       one DEAD row back to PENDING (attempts reset, due now); the relay publishes it
            requeue-dead  every DEAD row back to PENDING; prints how many

            A row is DEAD only when the broker rejected the message itself; during a broker outage rows stay PENDING
            and are retried until it ends (txorders_outbox_oldest_pending_age_seconds shows for how long). Fix what
            made the broker reject a row before requeueing it, or it goes DEAD again.

            %s""".formatted(ServiceEndpoints.ENVIRONMENT_HELP);

    private OutboxCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command; returns its exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        ServiceEndpoints endpoints = ServiceEndpoints.from(env);
        Arguments parsed;
        try {
            parsed = Arguments.parse(args, Set.of("status", "limit"), Set.of("help"));
            if (parsed.flag("help")) {
                out.println(USAGE);
                return 0;
            }
            if (parsed.positional().isEmpty()) {
                throw new IllegalArgumentException("which command: list, requeue or requeue-dead?");
            }
            endpoints.requireAdminToken();
        } catch (IllegalArgumentException e) {
            return usageError(e, err);
        }
        AdminApi api = new AdminApi(endpoints.adminToken());
        // Every instance shares the one inventory database: the first answers for all.
        URI inventory = endpoints.inventory().get(0);
        List<String> words = parsed.positional();
        try {
            return switch (words.get(0)) {
                case "list" -> {
                    expectWords(words, 1);
                    yield list(api, inventory, parsed, out);
                }
                case "requeue" -> {
                    expectWords(words, 2);
                    yield requeue(api, inventory, id(words.get(1)), out, err);
                }
                case "requeue-dead" -> {
                    expectWords(words, 1);
                    JsonNode result = api.post(inventory, "/admin/outbox/requeue-dead");
                    out.printf("outbox: %d DEAD row(s) requeued%n", result.path("requeued").asInt());
                    yield 0;
                }
                default -> throw new IllegalArgumentException("unknown command " + words.get(0));
            };
        } catch (IllegalArgumentException e) {
            return usageError(e, err);
        } catch (AdminApi.AdminApiException e) {
            err.println("outbox: " + e.getMessage());
            return 2;
        }
    }

    private static int list(AdminApi api, URI inventory, Arguments parsed, PrintStream out) {
        String status = parsed.value("status", "DEAD").toUpperCase(Locale.ROOT);
        if (!Set.of("DEAD", "PENDING", "SENT", "ALL").contains(status)) {
            throw new IllegalArgumentException("--status must be DEAD, PENDING, SENT or all");
        }
        int limit = parsed.integer("limit", 50);
        String query = "/admin/outbox?limit=" + limit + ("ALL".equals(status) ? "" : "&status=" + status);
        int total = 0;
        out.printf("%-10s %-8s %-8s %-14s %-26s %-24s %-24s %s%n", "ID", "STATUS", "ATTEMPTS", "TYPE", "ORDER",
                "CREATED", "NEXT ATTEMPT", "EVENT ID / LAST ERROR");
        for (JsonNode row : api.get(inventory, query)) {
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

    private static int requeue(AdminApi api, URI inventory, long id, PrintStream out, PrintStream err) {
        try {
            JsonNode result = api.post(inventory, "/admin/outbox/" + id + "/requeue");
            out.printf("outbox: row %d %s%n", id, result.path("outcome").asString());
            return 0;
        } catch (AdminApi.AdminApiException e) {
            if (e.isAccessProblem()) {
                throw e;
            }
            err.println("outbox: " + e.getMessage());
            return 1;
        }
    }

    private static long id(String word) {
        try {
            return Long.parseLong(word);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an outbox row id: " + word);
        }
    }

    private static void expectWords(List<String> words, int count) {
        if (words.size() != count) {
            throw new IllegalArgumentException(words.get(0) + (count == 1 ? " takes no further words"
                    : " takes one outbox row id, e.g. requeue 42"));
        }
    }

    private static int usageError(IllegalArgumentException e, PrintStream err) {
        err.println("outbox: " + e.getMessage());
        err.println(USAGE);
        return 2;
    }
}
