package io.txorders.lab.cluster;

import io.txorders.devstack.LocalCluster;
import io.txorders.devstack.RocketMqAdmin;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.database.UtcConnections;
import io.txorders.lab.cluster.ClusterPlatform.Instance;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The scale-out and failover proof of {@code scripts/cluster-local.sh --scenario}, against the running cluster:
 * <ol>
 *   <li>every platform topic has queues on both brokers;</li>
 *   <li>under load on both order instances, broker-b is killed (SIGKILL): orders keep being accepted in every
 *       5-second window, none is refused with a 5xx other than 503, every order accepted after the kill completes
 *       (RESERVED) while broker-b is down, and once it is back every accepted order completes, with stock
 *       reserved exactly once per order; both instances of order-producer and inventory-consumer did work;</li>
 *   <li>order-1 leaves transactions in doubt (its commits withheld) and is killed: order-2 answers the broker's
 *       check-backs; then the same the other way round.</li>
 * </ol>
 * Prints each check; {@link #run()} is false when any failed.
 */
final class ClusterScenario {

    private static final Pattern ORDER_NO = Pattern.compile("\"orderNo\"\\s*:\\s*\"([^\"]+)\"");
    private static final int SKUS = 10;

    private final ClusterPlatform cluster;
    private final LocalCluster stack;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String[]> checks = new ArrayList<>();
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000);

    /**
     * One placement attempt of the load.
     *
     * @param sentAt when the request was sent
     * @param at when the answer arrived
     */
    private record Attempt(Instant sentAt, Instant at, String instance, int status, String orderNo) {
    }

    ClusterScenario(ClusterPlatform cluster, PrintStream out) {
        this.cluster = cluster;
        this.stack = cluster.cluster();
        this.out = out;
    }

    boolean run() throws Exception {
        topicsSpreadOverBothBrokers();
        for (int i = 0; i < SKUS; i++) {
            send("PUT", cluster.instance("inventory-consumer", 1).uri(), "/stock/" + sku(i), "{\"available\":100000}");
        }
        brokerKilledUnderLoad();
        checkBacksAnsweredByTheOtherInstance(1, 2);
        checkBacksAnsweredByTheOtherInstance(2, 1);

        out.println();
        checks.forEach(check -> out.printf("  [%s] %s%n", check[0], check[1]));
        boolean passed = checks.stream().allMatch(check -> check[0].equals("ok"));
        out.println(passed ? "cluster scenario: PASSED" : "cluster scenario: FAILED");
        return passed;
    }

    private void topicsSpreadOverBothBrokers() {
        try (RocketMqAdmin admin = RocketMqAdmin.connect(stack.rocketMq().namesrvAddr())) {
            for (Topic topic : Topic.values()) {
                List<String> brokers = admin.brokersOfTopic(topic.topicName());
                check(brokers.equals(stack.rocketMq().brokerNames()), "topic " + topic.topicName()
                        + " has queues on " + brokers);
            }
        }
    }

    // ---- a broker killed under load ----------------------------------------------------------------------------

    private void brokerKilledUnderLoad() throws Exception {
        List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Instance> orders = List.of(cluster.instance("order-producer", 1), cluster.instance("order-producer", 2));
        ExecutorService load = Executors.newFixedThreadPool(6);
        for (int t = 0; t < 6; t++) {
            load.execute(() -> {
                int n = 0;
                while (loading.get()) {
                    Instance instance = orders.get(n++ % 2);
                    attempts.add(place(instance));
                    pause(Duration.ofMillis(50)); // ~10 orders/s per thread at most: load, not a benchmark
                }
            });
        }
        out.println("load: placing orders on both order-producer instances …");
        pause(Duration.ofSeconds(10));
        Instant killedAt = Instant.now();
        stack.rocketMq().kill("broker-b");
        Instant killCompleted = Instant.now();
        pause(Duration.ofSeconds(30));
        loading.set(false);
        load.shutdown();
        load.awaitTermination(1, TimeUnit.MINUTES);
        Instant loadEnded = Instant.now();

        List<Attempt> all = List.copyOf(attempts);
        List<Attempt> accepted = all.stream().filter(a -> a.status() == 201).toList();
        long refused = all.stream().filter(a -> a.status() == 503).count();
        long broken = all.stream().filter(a -> a.status() != 201 && a.status() != 503).count();
        out.printf("load: %d attempts, %d accepted, %d refused with 503, %d other%n", all.size(), accepted.size(),
                refused, broken);
        check(broken == 0, "no placement answered other than 201 or 503 (" + broken + " did)");
        for (Instant from = killedAt; from.isBefore(loadEnded.minusSeconds(5)); from = from.plusSeconds(5)) {
            Instant start = from;
            long inWindow = accepted.stream().filter(a -> !a.at().isBefore(start)
                    && a.at().isBefore(start.plusSeconds(5))).count();
            check(inWindow > 0, "orders accepted " + Duration.between(killedAt, start).toSeconds() + "–"
                    + (Duration.between(killedAt, start).toSeconds() + 5) + " s after broker-b was killed: " + inWindow);
        }
        // Placed after broker-b was dead: every message of these orders can only have gone to broker-a. An order in
        // flight while it died may have a message (its OrderCreated or its StockReserved) stored on broker-b alone:
        // without replicas that one waits for broker-b to come back, and is checked below with everything else.
        List<String> afterKill = accepted.stream().filter(a -> a.sentAt().isAfter(killCompleted))
                .map(Attempt::orderNo).toList();
        List<String> inFlight = accepted.stream().filter(a -> !a.sentAt().isAfter(killCompleted)
                && a.at().isAfter(killedAt)).map(Attempt::orderNo).toList();
        boolean completed = await(Duration.ofSeconds(90), () -> countWithStatus(afterKill, "RESERVED") == afterKill.size());
        check(completed, "orders placed after the kill completed finished while broker-b was down: "
                + countWithStatus(afterKill, "RESERVED") + " of " + afterKill.size() + " RESERVED");
        out.printf("orders in flight while broker-b died: %d, %d of them RESERVED while it is down%n", inFlight.size(),
                countWithStatus(inFlight, "RESERVED"));
        if (!completed) {
            accepted.stream().filter(a -> a.sentAt().isAfter(killCompleted)).forEach(a -> {
                String status = statusOf(a.orderNo());
                if (!"RESERVED".equals(status)) {
                    out.printf("  not reserved: %s %s on %s, sent %d ms and answered %d ms after the kill completed%n",
                            a.orderNo(), status, a.instance(), Duration.between(killCompleted, a.sentAt()).toMillis(),
                            Duration.between(killCompleted, a.at()).toMillis());
                }
            });
        }

        List<String> everything = accepted.stream().map(Attempt::orderNo).toList();
        out.printf("broker-b down: %d of %d accepted orders RESERVED; starting it again …%n",
                countWithStatus(everything, "RESERVED"), everything.size());
        stack.rocketMq().startBroker("broker-b");
        boolean allDone = await(Duration.ofSeconds(180),
                () -> countWithStatus(everything, "RESERVED") == everything.size());
        check(allDone, "after broker-b returned, every accepted order completed: "
                + countWithStatus(everything, "RESERVED") + " of " + everything.size() + " RESERVED");
        int reserved = 0;
        for (int i = 0; i < SKUS; i++) {
            reserved += queryInt("inventory_db", "SELECT reserved FROM stock WHERE sku = ?", sku(i));
        }
        check(reserved == everything.size(), "stock reserved exactly once per order: " + reserved + " units for "
                + everything.size() + " orders");
        for (int n = 1; n <= 2; n++) {
            long placed = lines(cluster.instance("order-producer", n), "order placed").size();
            long reservations = lines(cluster.instance("inventory-consumer", n), "group=inventory-consumer").size();
            check(placed > 0 && reservations > 0, "instance " + n + " worked: order-producer-" + n + " placed "
                    + placed + ", inventory-consumer-" + n + " consumed " + reservations);
        }
    }

    private Attempt place(Instance instance) {
        String body = "{\"userId\":" + ThreadLocalRandom.current().nextInt(1, 1000) + ",\"items\":[{\"sku\":\""
                + sku(ThreadLocalRandom.current().nextInt(SKUS)) + "\",\"quantity\":1,\"unitPrice\":\"10.00\"}]}";
        Instant sentAt = Instant.now();
        try {
            HttpResponse<String> response = send("POST", instance.uri(), "/orders", body);
            Matcher orderNo = ORDER_NO.matcher(response.body());
            return new Attempt(sentAt, Instant.now(), instance.name(), response.statusCode(),
                    orderNo.find() ? orderNo.group(1) : null);
        } catch (IOException e) {
            return new Attempt(sentAt, Instant.now(), instance.name(), -1, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(sentAt, Instant.now(), instance.name(), -1, null);
        }
    }

    // ---- check-backs --------------------------------------------------------------------------------------------

    /**
     * Order instance {@code inDoubt} withholds its commits for 5 orders and is killed; the broker's check-backs can
     * only be answered by instance {@code answering}. The killed instance is started again afterwards.
     */
    private void checkBacksAnsweredByTheOtherInstance(int inDoubt, int answering) throws Exception {
        Instance withholding = cluster.instance("order-producer", inDoubt);
        Instance other = cluster.instance("order-producer", answering);
        HttpResponse<String> fault = send("PUT", withholding.uri(), "/admin/fault-mode",
                "{\"mode\":\"SKIP_END_AFTER_COMMIT\"}");
        if (fault.statusCode() != 200) {
            check(false, "fault mode switched on " + withholding.name() + " (HTTP " + fault.statusCode() + ")");
            return;
        }
        List<String> orderNos = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Attempt attempt = place(withholding);
            if (attempt.status() == 201) {
                orderNos.add(attempt.orderNo());
            }
        }
        cluster.kill(withholding);
        out.printf("check-back: %d orders left in doubt by %s, which was killed; %s must answer …%n",
                orderNos.size(), withholding.name(), other.name());
        // The broker keeps a killed producer's channel for up to 120 s and may send checks to it meanwhile (they are
        // lost; it asks again later): wait past that.
        boolean resolved = await(Duration.ofSeconds(200), () -> countWithStatus(orderNos, "RESERVED") == orderNos.size());
        check(orderNos.size() == 5 && resolved, "in-doubt orders of " + withholding.name() + " completed: "
                + countWithStatus(orderNos, "RESERVED") + " of " + orderNos.size() + " RESERVED");
        long answeredByOther = orderNos.stream().map(this::orderCreatedEventId)
                .filter(eventId -> !lines(other, "check-back answered COMMIT eventId=" + eventId).isEmpty()).count();
        check(answeredByOther == orderNos.size(), other.name() + " answered the check-backs of " + answeredByOther
                + " of " + orderNos.size() + " transactions " + withholding.name() + " left in doubt");
        cluster.restart(withholding);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private String sku(int i) {
        return "CLUSTER-" + run + "-" + i;
    }

    private void check(boolean holds, String text) {
        checks.add(new String[] {holds ? "ok" : "FAIL", text});
        out.printf("  [%s] %s%n", holds ? "ok" : "FAIL", text);
    }

    private HttpResponse<String> send(String method, URI service, String path, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(service.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + cluster.adminToken())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> lines(Instance instance, String needle) {
        Path log = cluster.logOf(instance);
        Path dir = log.getParent();
        // The instance's first log and any restart's: a killed instance's lines count for it too.
        try (Stream<Path> files = Files.list(dir)) {
            List<String> found = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(instance.name() + ".")
                    || f.getFileName().toString().startsWith(instance.name() + "-restart-")).toList()) {
                try (Stream<String> lines = Files.lines(file)) {
                    lines.filter(line -> line.contains(needle)).forEach(found::add);
                }
            }
            return found;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String orderCreatedEventId(String orderNo) {
        return queryString("order_db", "SELECT tx_id FROM tx_state WHERE order_no = ? AND event_type = 'OrderCreated'",
                orderNo);
    }

    private String statusOf(String orderNo) {
        return queryString("order_db", "SELECT status FROM orders WHERE order_no = ?", orderNo);
    }

    private int countWithStatus(List<String> orderNos, String status) {
        int count = 0;
        try (Connection db = database("order_db")) {
            for (int from = 0; from < orderNos.size(); from += 500) {
                List<String> chunk = orderNos.subList(from, Math.min(from + 500, orderNos.size()));
                String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement query = db.prepareStatement("SELECT COUNT(*) FROM orders WHERE status = ? "
                        + "AND order_no IN (" + marks + ")")) {
                    query.setString(1, status);
                    for (int i = 0; i < chunk.size(); i++) {
                        query.setString(i + 2, chunk.get(i));
                    }
                    try (ResultSet rows = query.executeQuery()) {
                        rows.next();
                        count += rows.getInt(1);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return count;
    }

    /** The first column of the first row, or "none". */
    private String queryString(String database, String sql, String parameter) {
        try (Connection db = database(database); PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : "none";
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int queryInt(String database, String sql, String parameter) {
        try (Connection db = database(database); PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection database(String name) throws SQLException {
        return UtcConnections.open(stack.jdbcUrl(name) + "?useSSL=false", stack.dbUser(), stack.dbPassword());
    }

    private static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            pause(Duration.ofMillis(500));
        }
        return condition.getAsBoolean();
    }

    private static void pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
