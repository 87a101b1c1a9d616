package io.txorders.cli.dlq;

import io.txorders.cli.CommandGroup;
import io.txorders.cli.TxordersCli;
import io.txorders.cli.admin.AdminApi;
import io.txorders.cli.admin.ServiceEndpoints;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code txorders dlq} ({@code scripts/dlq.sh}): the services' dead letters (unreadable messages and messages that
 * exhausted the broker's redeliveries), through their admin API. {@code resubmit} sends one back through its group's
 * normal consumer path, so the inbox still prevents a double effect. Exit code 0 on success, 1 when a resubmitted
 * message failed again or cannot be resubmitted, 2 on usage, connection or token errors. {@code list} of every
 * service lists those that answer when another does not, and then exits 2 naming it.
 */
@Command(name = "dlq", usageHelpWidth = 120,
        customSynopsis = {
            "scripts/dlq.sh list [--service order|inventory|points] [--status NEW|RESUBMITTED|all] [--limit 50]",
            "       scripts/dlq.sh show <service>/<id>",
            "       scripts/dlq.sh resubmit <service>/<id>"},
        description = {"", "The services' dead letters, through their admin API.", ""},
        footer = {"", ServiceEndpoints.ENVIRONMENT_HELP},
        subcommands = {DlqCommand.List.class, DlqCommand.Show.class, DlqCommand.Resubmit.class})
public final class DlqCommand extends CommandGroup {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Runs {@code txorders dlq <args>}; returns its exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return TxordersCli.execute("dlq", args, env, out, err, Clock.systemUTC());
    }

    /** The first instance of each named service (they share one database), or of the one named. */
    private static Map<String, URI> services(ServiceEndpoints endpoints, String only, CommandSpec command) {
        Map<String, URI> all = new LinkedHashMap<>();
        all.put("order", endpoints.orders().get(0));
        all.put("inventory", endpoints.inventory().get(0));
        all.put("points", endpoints.points().get(0));
        if (only == null) {
            return all;
        }
        if (!all.containsKey(only)) {
            throw new ParameterException(command.commandLine(), "unknown service " + only + " (order, inventory or points)");
        }
        return Map.of(only, all.get(only));
    }

    /** What {@code list --status} takes, in any case. */
    enum Status { NEW, RESUBMITTED, ALL }

    @Command(name = "list", description = "Dead letters, newest first (default: every service, status NEW).")
    static final class List implements Callable<Integer> {

        @ParentCommand
        private DlqCommand dlq;

        @Spec
        private CommandSpec spec;

        @Option(names = "--service", paramLabel = "order|inventory|points", description = "Only this service's.")
        private String service;

        @Option(names = "--status", paramLabel = "NEW|RESUBMITTED|all", defaultValue = "NEW",
                description = "Dead letters of this status (${DEFAULT-VALUE}).")
        private Status status;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many per service (${DEFAULT-VALUE}).")
        private int limit;

        @Override
        public Integer call() {
            ServiceEndpoints endpoints = dlq.cli.adminEndpoints(spec);
            Map<String, URI> services = services(endpoints, service, spec);
            AdminApi api = new AdminApi(endpoints.adminToken());
            PrintStream out = dlq.cli.out();
            String query = "/admin/dead-letters?limit=" + limit + (status == Status.ALL ? "" : "&status=" + status);
            int total = 0;
            java.util.List<String> notListed = new ArrayList<>();
            out.printf("%-16s %-20s %-12s %-24s %-14s %s%n", "ID", "GROUP", "STATUS", "CREATED", "TAG",
                    "KEYS / REASON");
            for (Map.Entry<String, URI> each : services.entrySet()) {
                JsonNode letters;
                try {
                    letters = api.get(each.getValue(), query);
                } catch (AdminApi.AdminApiException e) {
                    if (services.size() == 1 || e.status() == 401 || e.status() == 403) {
                        throw e; // nothing else to list, or the token, which every service refuses alike
                    }
                    // One service down must not hide the others' dead letters, at 3 a.m. least of all.
                    dlq.cli.err().println("dlq: " + each.getKey() + " not listed: " + e.getMessage());
                    notListed.add(each.getKey());
                    continue;
                }
                for (JsonNode letter : letters) {
                    total++;
                    out.printf("%-16s %-20s %-12s %-24s %-14s %s / %s%n", each.getKey() + "/" + letter.path("id").asLong(),
                            letter.path("group").asString(), letter.path("status").asString(),
                            letter.path("createdAt").asString(), letter.path("tag").asString(""),
                            letter.path("keys").toString(), letter.path("reason").asString());
                }
            }
            if (!notListed.isEmpty()) {
                out.printf("%d dead letter(s); not listed: %s%n", total, String.join(", ", notListed));
                return TxordersCli.USAGE;
            }
            out.printf("%d dead letter(s)%n", total);
            return 0;
        }
    }

    /** A dead letter named {@code <service>/<id>}, e.g. {@code inventory/12}. */
    abstract static class OneLetter implements Callable<Integer> {

        @ParentCommand
        DlqCommand dlq;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "<service>/<id>", description = "The dead letter, e.g. inventory/12.")
        String name;

        @Override
        public Integer call() {
            if (!name.contains("/")) {
                throw new ParameterException(spec.commandLine(), "name the dead letter as <service>/<id>, e.g. inventory/12");
            }
            String[] parts = name.split("/", 2);
            ServiceEndpoints endpoints = dlq.cli.adminEndpoints(spec);
            Map.Entry<String, URI> service = services(endpoints, parts[0], spec).entrySet().iterator().next();
            long id;
            try {
                id = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "not a dead-letter id: " + parts[1]);
            }
            return call(new AdminApi(endpoints.adminToken()), service.getKey(), service.getValue(), id);
        }

        abstract int call(AdminApi api, String serviceName, URI service, long id);
    }

    @Command(name = "show", description = "One dead letter with its body.")
    static final class Show extends OneLetter {

        @Override
        int call(AdminApi api, String serviceName, URI service, long id) {
            dlq.cli.out().println(JSON.writeValueAsString(api.get(service, "/admin/dead-letters/" + id)));
            return 0;
        }
    }

    @Command(name = "resubmit", description = "Back through its consumer group's normal consumer path "
            + "(inbox-guarded); it is marked RESUBMITTED when the consumer acknowledged it, and stays NEW when it fails "
            + "again.")
    static final class Resubmit extends OneLetter {

        @Override
        int call(AdminApi api, String serviceName, URI service, long id) {
            try {
                JsonNode result = api.post(service, "/admin/dead-letters/" + id + "/resubmit");
                dlq.cli.out().printf("dlq: %s/%d %s%n", serviceName, id, result.path("outcome").asString());
                return 0;
            } catch (AdminApi.AdminApiException e) {
                if (e.isAccessProblem()) {
                    throw e;
                }
                dlq.cli.err().println("dlq: " + e.getMessage());
                return 1;
            }
        }
    }
}
