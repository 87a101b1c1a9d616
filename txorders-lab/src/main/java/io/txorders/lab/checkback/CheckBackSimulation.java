package io.txorders.lab.checkback;

import io.txorders.lab.LabCommand;
import io.txorders.lab.platform.SimulatedPlatform;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/checkback-sim.sh}: makes the transactional publish fail in one of the ways the broker's
 * check-back exists for, prints the timeline (half message, local transaction, check-backs and their answers,
 * delivery, final state) and judges the end state. Exit code 0 when every check holds, 1 when the end state is
 * wrong, 2 on usage or set-up errors.
 *
 * <p>Faults are switched on the order-producer through {@code PUT /admin/fault-mode} (it must run with
 * {@code order.fault.switchable=true}); states are read from the three databases and the services' HTTP APIs.
 */
public final class CheckBackSimulation {

    /** The scenarios, by their command-line names. */
    public enum Scenario {
        COMMIT_LOST("commit-lost", "local commit, end-transaction never sent -> check-back COMMIT -> applied once"),
        CRASH_BEFORE_LOCAL_TX("crash-before-local-tx",
                "half message sent, local transaction never runs -> check-back ROLLBACK -> nothing delivered"),
        SLOW_LOCAL_TX("slow-local-tx",
                "local transaction outlives the first check -> the check waits and answers COMMIT, never ROLLBACK"),
        KILL_PRODUCER("kill-producer",
                "order-producer SIGKILLed after its local commit, before the commit is sent; restarted -> COMMIT"),
        STORM("storm", "N in-doubt transactions at once (--count, default 1000) -> all resolved; prints the time");

        private final String cliName;
        private final String description;

        Scenario(String cliName, String description) {
            this.cliName = cliName;
            this.description = description;
        }

        public String cliName() {
            return cliName;
        }

        /** Its line in the usage text: name and what it proves. */
        String usageLine() {
            return String.format("  %-22s %s", cliName, description);
        }

        static Optional<Scenario> byName(String name) {
            return Arrays.stream(values()).filter(s -> s.cliName.equals(name)).findFirst();
        }
    }

    private static final Pattern UUID_PATTERN =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final JsonMapper JSON = JsonMapper.shared();

    private final SimulatedPlatform platform;
    private final PrintStream out;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String[]> checks = new ArrayList<>();
    private Timeline timeline;
    private Duration lastStorm = Duration.ZERO;

    public CheckBackSimulation(SimulatedPlatform platform, PrintStream out, Clock clock) {
        this.platform = platform;
        this.out = out;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs {@code scripts/checkback-sim.sh <args>} ({@link CheckBackSimulationCommand}); returns its exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return LabCommand.execute(new CheckBackSimulationCommand(), args, env, out, err);
    }

    /**
     * Runs one scenario and prints its timeline and verdict.
     *
     * @return whether the end state is right
     */
    public boolean run(Scenario scenario, int count) throws Exception {
        checks.clear();
        timeline = new Timeline(clock);
        out.printf("checkback-sim %s: %s%n", scenario.cliName, scenario.description);
        String sku = "SIM-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        int stock = scenario == Scenario.STORM ? count : 10;
        send("PUT", platform.inventory(), "/stock/" + sku, "{\"available\":" + stock + "}");
        List<String> needles = switch (scenario) {
            case COMMIT_LOST -> committedOrder(FaultModeSwitch.SKIP_END_AFTER_COMMIT, sku, false);
            case CRASH_BEFORE_LOCAL_TX -> crashBeforeLocalTransaction(sku);
            case SLOW_LOCAL_TX -> committedOrder(FaultModeSwitch.SLOW_LOCAL_TX, sku, false);
            case KILL_PRODUCER -> committedOrder(FaultModeSwitch.SKIP_END_AFTER_COMMIT, sku, true);
            case STORM -> storm(sku, count);
        };
        if (scenario != Scenario.STORM) {
            timeline.addLogLines(platform.logs(), Set.copyOf(needles));
        }
        out.println("Timeline:");
        timeline.print(out);
        out.println("Checks:");
        boolean allHold = true;
        for (String[] check : checks) {
            boolean holds = check[0].equals("ok");
            allHold &= holds;
            out.printf("  [%s] %s%n", holds ? " OK " : "FAIL", check[1]);
        }
        out.printf("Result: %s%n", allHold ? "consistent" : "INCONSISTENT");
        return allHold;
    }

    /** The fault modes the scenarios use (order-producer's FaultMode names). */
    private enum FaultModeSwitch { NONE, SKIP_END_AFTER_COMMIT, HALT_BEFORE_LOCAL_TX, SLOW_LOCAL_TX }

    /** commit-lost, slow-local-tx and kill-producer: the local transaction commits, so the order must arrive. */
    private List<String> committedOrder(FaultModeSwitch fault, String sku, boolean killProducer) throws Exception {
        long user = ThreadLocalRandom.current().nextLong(90_000_000, 99_999_999);
        setFault(fault);
        HttpResponse<String> placed;
        try {
            timeline.add("simulation", "POST /orders (fault " + fault + ")");
            placed = send("POST", platform.orders(), "/orders", orderBody(user, sku, 2));
            timeline.add("simulation", "answered HTTP " + placed.statusCode());
        } finally {
            if (!killProducer) {
                setFault(FaultModeSwitch.NONE);
            }
        }
        check(placed.statusCode() == 201, "placement answered 201 (the local transaction committed): HTTP "
                + placed.statusCode());
        if (placed.statusCode() != 201) {
            return List.of();
        }
        String orderNo = JSON.readTree(placed.body()).path("orderNo").asString();
        if (killProducer) {
            platform.killAndRestartOrderProducer(text -> timeline.add("simulation", text));
        }
        String eventId = eventIdOf(orderNo, "OrderCreated");
        boolean reserved = waitFor(Duration.ofSeconds(120), () -> "RESERVED".equals(orderStatus(orderNo)));
        timeline.add("simulation", "order " + orderNo + " is " + orderStatus(orderNo));
        check(reserved, "order " + orderNo + " reached RESERVED (the check-back answered COMMIT and inventory "
                + "consumed OrderCreated)");
        String[] state = txState(eventId);
        check(state != null && state[0].equals("COMMITTED"), "tx_state of " + eventId + " is COMMITTED: "
                + (state == null ? "no row" : state[0]));
        check(state != null && Integer.parseInt(state[1]) >= 1, "the broker checked back at least once: "
                + (state == null ? "-" : state[1] + " check(s)"));
        check(inboxCount("inventory_db", "inventory-consumer", eventId) == 1,
                "inventory applied OrderCreated exactly once (one inbox row)");
        JsonNode level = JSON.readTree(send("GET", platform.inventory(), "/stock/" + sku, null).body());
        check(level.path("reserved").asInt() == 2 && level.path("available").asInt() == 8,
                "stock " + sku + " reserved 2 of 10 once: " + level);
        List<String> rollbacks = logLines("check-back answered ROLLBACK eventId=" + eventId);
        check(rollbacks.isEmpty(), "no check-back answered ROLLBACK for " + eventId
                + (platform.logs().isEmpty() ? " (no logs to read: not verified)" : ""));
        return List.of(orderNo, eventId);
    }

    private List<String> crashBeforeLocalTransaction(String sku) throws Exception {
        long user = ThreadLocalRandom.current().nextLong(90_000_000, 99_999_999);
        setFault(FaultModeSwitch.HALT_BEFORE_LOCAL_TX);
        HttpResponse<String> placed;
        try {
            timeline.add("simulation", "POST /orders (fault HALT_BEFORE_LOCAL_TX)");
            placed = send("POST", platform.orders(), "/orders", orderBody(user, sku, 2));
            timeline.add("simulation", "answered HTTP " + placed.statusCode());
        } finally {
            setFault(FaultModeSwitch.NONE);
        }
        Matcher id = UUID_PATTERN.matcher(placed.body());
        boolean named = id.find();
        check(placed.statusCode() == 503 && named, "placement failed with 503 naming the event id: HTTP "
                + placed.statusCode() + " " + placed.body());
        if (placed.statusCode() != 503 || !named) {
            return List.of();
        }
        String eventId = id.group();
        boolean tombstone = waitFor(Duration.ofSeconds(60), () -> txState(eventId) != null);
        String[] state = txState(eventId);
        timeline.add("simulation", "tx_state " + eventId + ": " + (state == null ? "none" : state[0]));
        check(tombstone && state[0].equals("ROLLED_BACK"), "the check-back wrote the ROLLED_BACK tombstone for "
                + eventId + ": " + (state == null ? "no row" : state[0]));
        // Give a wrongly committed message time to arrive before judging that nothing did.
        Thread.sleep(5_000);
        String orderNo = state == null ? null : state[2];
        check(orderNo != null && orderStatus(orderNo) == null, "no order " + orderNo + " exists");
        check(inboxCount("inventory_db", "inventory-consumer", eventId) == 0,
                "inventory never received " + eventId);
        JsonNode level = JSON.readTree(send("GET", platform.inventory(), "/stock/" + sku, null).body());
        check(level.path("reserved").asInt() == 0 && level.path("available").asInt() == 10,
                "stock " + sku + " untouched: " + level);
        return orderNo == null ? List.of(eventId) : List.of(eventId, orderNo);
    }

    private List<String> storm(String sku, int count) throws Exception {
        long user = ThreadLocalRandom.current().nextLong(90_000_000, 99_999_999);
        setFault(FaultModeSwitch.SKIP_END_AFTER_COMMIT);
        int accepted = 0;
        Instant placedAt;
        try {
            timeline.add("simulation", "placing " + count + " orders, none of their commits sent");
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    results.add(pool.submit(() ->
                            send("POST", platform.orders(), "/orders", orderBody(user, sku, 1)).statusCode()));
                }
                for (Future<Integer> result : results) {
                    accepted += result.get() == 201 ? 1 : 0;
                }
            } finally {
                pool.shutdownNow();
            }
            placedAt = clock.instant();
            timeline.add("simulation", accepted + " of " + count + " placed (local commits done, all in doubt)");
        } finally {
            setFault(FaultModeSwitch.NONE);
        }
        check(accepted == count, accepted + " of " + count + " placements answered 201");
        Instant[] lastReport = {clock.instant()};
        int finalAccepted = accepted;
        boolean resolved = waitFor(Duration.ofSeconds(120 + count / 5), () -> {
            int reserved = countOrders(user, "RESERVED");
            if (Duration.between(lastReport[0], clock.instant()).toSeconds() >= 5) {
                out.printf("  storm: %d of %d resolved and reserved%n", reserved, finalAccepted);
                lastReport[0] = clock.instant();
            }
            return reserved == finalAccepted;
        });
        Duration took = Duration.between(placedAt, clock.instant());
        lastStorm = resolved ? took : Duration.ZERO;
        timeline.add("simulation", countOrders(user, "RESERVED") + " of " + accepted + " RESERVED, "
                + took.toMillis() + " ms after the last placement");
        check(resolved, "every in-doubt transaction was resolved by check-back and delivered: "
                + countOrders(user, "RESERVED") + " of " + accepted + " RESERVED");
        JsonNode level = JSON.readTree(send("GET", platform.inventory(), "/stock/" + sku, null).body());
        check(level.path("reserved").asInt() == accepted, "stock " + sku + " reserved exactly " + accepted + ": " + level);
        out.printf("storm: %d in-doubt transactions resolved in %.1f s (%.0f per second)%n", accepted,
                took.toMillis() / 1000.0, accepted * 1000.0 / Math.max(1, took.toMillis()));
        return List.of();
    }

    /** How long the last storm took from its last placement until all were resolved (zero if they were not). */
    public Duration lastStormDuration() {
        return lastStorm;
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private void check(boolean holds, String text) {
        checks.add(new String[] {holds ? "ok" : "fail", text});
    }

    private void setFault(FaultModeSwitch mode) throws IOException, InterruptedException {
        HttpResponse<String> response = send("PUT", platform.orders(), "/admin/fault-mode",
                "{\"mode\":\"" + mode + "\"}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("could not switch the fault mode to " + mode + " (HTTP "
                    + response.statusCode() + "): is order-producer running with order.fault.switchable=true and "
                    + "is TXORDERS_ADMIN_TOKEN right? " + response.body());
        }
        timeline.add("simulation", "fault mode " + mode);
    }

    private static String orderBody(long user, String sku, int quantity) {
        return "{\"userId\":" + user + ",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity
                + ",\"unitPrice\":\"10.00\"}]}";
    }

    private HttpResponse<String> send(String method, URI service, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + platform.adminToken())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String orderStatus(String orderNo) {
        return queryString("order_db", "SELECT status FROM orders WHERE order_no = ?", orderNo);
    }

    private String eventIdOf(String orderNo, String eventType) {
        return queryString("order_db", "SELECT tx_id FROM tx_state WHERE order_no = ? AND event_type = '"
                + eventType + "'", orderNo);
    }

    /** @return {@code [state, check_count, order_no]} or null */
    private String[] txState(String eventId) {
        try (Connection db = platform.database("order_db");
             PreparedStatement query = db.prepareStatement(
                     "SELECT state, check_count, order_no FROM tx_state WHERE tx_id = ?")) {
            query.setString(1, eventId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? new String[] {rows.getString(1), rows.getString(2), rows.getString(3)} : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int inboxCount(String database, String group, String eventId) {
        String count = queryString(database, "SELECT COUNT(*) FROM inbox WHERE consumer_group = '" + group
                + "' AND event_id = ?", eventId);
        return count == null ? 0 : Integer.parseInt(count);
    }

    private int countOrders(long user, String status) {
        return Integer.parseInt(queryString("order_db", "SELECT COUNT(*) FROM orders WHERE status = '" + status
                + "' AND user_id = ?", Long.toString(user)));
    }

    private String queryString(String database, String sql, String parameter) {
        try (Connection db = platform.database(database); PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> logLines(String needle) throws IOException {
        List<String> found = new ArrayList<>();
        for (var log : platform.logs()) {
            if (java.nio.file.Files.exists(log)) {
                try (var lines = java.nio.file.Files.lines(log)) {
                    lines.filter(line -> line.contains(needle)).forEach(found::add);
                }
            }
        }
        return found;
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static boolean waitFor(Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.holds();
    }
}
