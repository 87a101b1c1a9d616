package io.txorders.ops;

import java.io.PrintStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/dlq.sh}: the services' dead letters (unreadable messages and messages that exhausted the
 * broker's redeliveries), through their admin API. {@code resubmit} sends one back through its group's normal
 * consumer path, so the inbox still prevents a double effect. Exit code 0 on success, 1 when a resubmitted
 * message failed again or cannot be resubmitted, 2 on usage, connection or token errors.
 */
public final class DlqCommand {

    static final String USAGE = """
            Usage: scripts/dlq.sh list [--service order|inventory|points] [--status NEW|RESUBMITTED|all] [--limit 50]
                   scripts/dlq.sh show <service>/<id>
                   scripts/dlq.sh resubmit <service>/<id>

            list      dead letters, newest first (default: every service, status NEW)
            show      one dead letter with its body
            resubmit  back through its consumer group's normal consumer path (inbox-guarded); it is marked
                      RESUBMITTED when the consumer acknowledged it, and stays NEW when it fails again

            %s""".formatted(ServiceEndpoints.ENVIRONMENT_HELP);

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private DlqCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command; returns its exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        ServiceEndpoints endpoints = ServiceEndpoints.from(env);
        Arguments parsed;
        try {
            parsed = Arguments.parse(args, Set.of("service", "status", "limit"), Set.of("help"));
            if (parsed.flag("help")) {
                out.println(USAGE);
                return 0;
            }
            if (parsed.positional().isEmpty()) {
                throw new IllegalArgumentException("which command: list, show or resubmit?");
            }
            endpoints.requireAdminToken();
        } catch (IllegalArgumentException e) {
            err.println("dlq: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        AdminApi api = new AdminApi(endpoints.adminToken());
        List<String> words = parsed.positional();
        try {
            return switch (words.get(0)) {
                case "list" -> list(api, services(endpoints, parsed.value("service", null)), parsed, out);
                case "show" -> {
                    Target target = target(endpoints, words);
                    out.println(JSON.writeValueAsString(api.get(target.service(), "/admin/dead-letters/" + target.id())));
                    yield 0;
                }
                case "resubmit" -> {
                    Target target = target(endpoints, words);
                    try {
                        JsonNode result = api.post(target.service(), "/admin/dead-letters/" + target.id() + "/resubmit");
                        out.printf("dlq: %s/%d %s%n", target.name(), target.id(), result.path("outcome").asString());
                        yield 0;
                    } catch (AdminApi.AdminApiException e) {
                        if (e.isAccessProblem()) {
                            throw e;
                        }
                        err.println("dlq: " + e.getMessage());
                        yield 1;
                    }
                }
                default -> throw new IllegalArgumentException("unknown command " + words.get(0));
            };
        } catch (IllegalArgumentException e) {
            err.println("dlq: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (AdminApi.AdminApiException e) {
            err.println("dlq: " + e.getMessage());
            return 2;
        }
    }

    private record Target(String name, URI service, long id) {
    }

    private static Target target(ServiceEndpoints endpoints, List<String> words) {
        if (words.size() != 2 || !words.get(1).contains("/")) {
            throw new IllegalArgumentException("name the dead letter as <service>/<id>, e.g. inventory/12");
        }
        String[] parts = words.get(1).split("/", 2);
        Map.Entry<String, URI> service = services(endpoints, parts[0]).entrySet().iterator().next();
        try {
            return new Target(service.getKey(), service.getValue(), Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a dead-letter id: " + parts[1]);
        }
    }

    /** The first instance of each named service (they share one database). */
    private static Map<String, URI> services(ServiceEndpoints endpoints, String only) {
        Map<String, URI> all = new LinkedHashMap<>();
        all.put("order", endpoints.orders().get(0));
        all.put("inventory", endpoints.inventory().get(0));
        all.put("points", endpoints.points().get(0));
        if (only == null) {
            return all;
        }
        if (!all.containsKey(only)) {
            throw new IllegalArgumentException("unknown service " + only + " (order, inventory or points)");
        }
        return Map.of(only, all.get(only));
    }

    private static int list(AdminApi api, Map<String, URI> services, Arguments parsed, PrintStream out) {
        String status = parsed.value("status", "NEW");
        int limit = parsed.integer("limit", 50);
        String query = "/admin/dead-letters?limit=" + limit + ("all".equalsIgnoreCase(status) ? "" : "&status=" + status);
        int total = 0;
        out.printf("%-16s %-20s %-12s %-24s %-14s %s%n", "ID", "GROUP", "STATUS", "CREATED", "TAG", "KEYS / REASON");
        for (Map.Entry<String, URI> service : services.entrySet()) {
            for (JsonNode letter : api.get(service.getValue(), query)) {
                total++;
                out.printf("%-16s %-20s %-12s %-24s %-14s %s / %s%n", service.getKey() + "/" + letter.path("id").asLong(),
                        letter.path("group").asString(), letter.path("status").asString(),
                        letter.path("createdAt").asString(), letter.path("tag").asString(""),
                        letter.path("keys").toString(), letter.path("reason").asString());
            }
        }
        out.printf("%d dead letter(s)%n", total);
        return 0;
    }
}
