package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.OrderCreated;
import io.txorders.messaging.contract.OrderLine;
import io.txorders.cli.reconcile.ReconcileCommand;
import java.math.BigDecimal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** scripts/reconcile.sh against the running platform's databases. */
class ReconcileIT {

    private final Platform platform = Platform.get();

    /** The report's exit code and output. */
    record Report(int exitCode, String out, String err) {
        JsonNode json() {
            return JsonMapper.shared().readTree(out);
        }
    }

    @Test
    void cleanTrafficReconcilesCleanAndALostPointsConsumptionIsReportedForExactlyThatOrder() throws Exception {
        Instant since = Instant.now().minusSeconds(1);
        long user = ThreadLocalRandom.current().nextLong(30_000_000, 40_000_000);
        String sku = platform.stockedSku("REC-", 5);
        String paid = payAnOrder(user, sku);
        String cancelled = platform.placeAndAwaitReserved(user, sku);
        assertThat(platform.post(platform.orders, "/orders/" + cancelled + "/cancel", "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                platform.get(platform.points, "/points/" + user).json().path("balance").asLong() == 21
                        && platform.get(platform.inventory, "/stock/" + sku).json().path("reserved").asInt() == 0);

        Report clean = reconcile("--since=" + since, "--settle=0s");
        assertThat(clean.exitCode()).as(clean.out()).isZero();
        assertThat(clean.out()).contains("Result: clean");

        // The effect is gone but the inbox still says "done" (e.g. a partly restored backup): replay would skip
        // the event as a duplicate, so the report hands it to a human.
        try (Connection points = platform.database("points_db")) {
            execute(points, "DELETE FROM points_ledger WHERE order_no = ?", paid);
            execute(points, "UPDATE points_account SET balance = balance - 21 WHERE user_id = " + user);
        }
        Report effectLost = reconcile("--since=" + since, "--settle=0s", "--json");

        JsonNode forHuman = theOnlyDiscrepancy(effectLost, "PAID_WITHOUT_POINTS", paid);
        assertThat(forHuman.path("fixableByReplay").asBoolean()).isFalse();
        assertThat(forHuman.path("detail").asString()).contains("replay would skip it");

        // A lost consumption: the whole consumer transaction (inbox row, ledger row, balance) never happened.
        try (Connection points = platform.database("points_db")) {
            execute(points, "DELETE FROM inbox WHERE consumer_group = 'points-consumer' AND event_id = ?",
                    platform.eventId(paid, "OrderPaid"));
        }
        Report lost = reconcile("--since=" + since, "--settle=0s", "--json");

        JsonNode missed = theOnlyDiscrepancy(lost, "PAID_WITHOUT_POINTS", paid);
        assertThat(missed.path("fixableByReplay").asBoolean()).isTrue();
        assertThat(missed.path("group").asString()).isEqualTo("points-consumer");

        // A repair that cannot run (no admin token) still prints the report and writes the alerting textfile.
        Path metrics = Files.createTempFile("reconcile", ".prom");
        Map<String, String> noToken = new HashMap<>(platform.toolEnvironment());
        noToken.remove("TXORDERS_ADMIN_TOKEN");
        Report notRepaired = reconcile(noToken, "--since=" + since, "--settle=0s", "--json", "--repair",
                "--metrics-file=" + metrics);
        assertThat(notRepaired.exitCode()).as(notRepaired.err()).isEqualTo(2);
        assertThat(notRepaired.json().path("discrepancies")).hasSize(1);
        assertThat(Files.readString(metrics)).contains("txorders_reconcile_discrepancies{kind=\"all\"} 1");
        Files.delete(metrics);

        Report repaired = reconcile("--since=" + since, "--settle=0s", "--repair");

        assertThat(repaired.exitCode()).as(repaired.out() + repaired.err()).isZero();
        assertThat(repaired.out()).contains("replaying points-consumer", "re-consumed 1 (applied 1", "Result: clean");
        assertThat(platform.get(platform.points, "/points/" + user).json().path("balance").asLong()).isEqualTo(21);
    }

    @Test
    void skusThatDifferOnlyInCaseAreTwoSkusEverywhereAndReconcileClean() {
        Instant since = Instant.now().minusSeconds(1);
        String lower = "case-" + UUID.randomUUID().toString().substring(0, 8);
        String upper = lower.toUpperCase(java.util.Locale.ROOT);
        assertThat(platform.put(platform.inventory, "/stock/" + lower, "{\"available\":2}").status()).isEqualTo(200);
        assertThat(platform.put(platform.inventory, "/stock/" + upper, "{\"available\":3}").status()).isEqualTo(200);

        Platform.Response placed = platform.post(platform.orders, "/orders", """
                {"userId":7202,"items":[{"sku":"%s","quantity":1,"unitPrice":"2.00"},\
                {"sku":"%s","quantity":2,"unitPrice":"3.00"}]}""".formatted(lower, upper));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderNo = placed.json().path("orderNo").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(
                platform.get(platform.orders, "/orders/" + orderNo).json().path("status").asString()));

        assertThat(platform.get(platform.inventory, "/stock/" + lower).json().path("reserved").asInt()).isEqualTo(1);
        assertThat(platform.get(platform.inventory, "/stock/" + upper).json().path("reserved").asInt()).isEqualTo(2);
        Report report = reconcile("--since=" + since, "--settle=0s");
        assertThat(report.exitCode()).as(report.out()).isZero();
        assertThat(report.out()).contains("Result: clean");
    }

    @Test
    void aStuckPendingOrderIsReported() throws Exception {
        String orderNo = anOrderNo("STUCK");
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        try (Connection orders = platform.database("order_db")) {
            insertPendingOrder(orders, orderNo, anHourAgo);
            try {
                Report report = reconcile("--since=" + anHourAgo.minusSeconds(1), "--stuck-after=10m");

                assertThat(report.exitCode()).isEqualTo(1);
                assertThat(report.out()).containsPattern("STUCK_PENDING\\s+" + orderNo);
            } finally {
                execute(orders, "DELETE FROM orders WHERE order_no = ?", orderNo);
            }
        }
    }

    /**
     * Inventory reserved, but its answer never left its outbox (DEAD after its attempts): order-producer missed nothing
     * that is in the topic, so no replay of order-producer is offered; the outbox row to requeue is named.
     */
    @Test
    void aStuckOrderWhoseAnswerIsStillInInventorysOutboxNamesTheRowInsteadOfAReplay() throws Exception {
        String orderNo = anOrderNo("OUTBX");
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        try (Connection orders = platform.database("order_db");
             Connection inventory = platform.database("inventory_db")) {
            insertPendingOrder(orders, orderNo, anHourAgo);
            insertReservedReservation(inventory, orderNo, Timestamp.from(anHourAgo));
            long row;
            try (PreparedStatement insert = inventory.prepareStatement("INSERT INTO outbox (event_id, event_type, "
                    + "order_no, payload, status, attempts, next_attempt_at, last_error, created_at) "
                    + "VALUES (?, 'StockReserved', ?, '{}', 'DEAD', 10, ?, 'rejected by the broker', ?)",
                    java.sql.Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, orderNo);
                insert.setTimestamp(3, Timestamp.from(anHourAgo));
                insert.setTimestamp(4, Timestamp.from(anHourAgo));
                insert.executeUpdate();
                try (var keys = insert.getGeneratedKeys()) {
                    keys.next();
                    row = keys.getLong(1);
                }
            }
            try {
                Report report = reconcile("--json", "--since=" + anHourAgo.minusSeconds(1), "--stuck-after=10m");

                List<JsonNode> found = about(report, orderNo);
                assertThat(found).as(report.out()).hasSize(1);
                assertThat(found.get(0).path("kind").asString()).isEqualTo("STUCK_PENDING");
                assertThat(found.get(0).path("fixableByReplay").asBoolean()).isFalse();
                assertThat(found.get(0).path("detail").asString())
                        .contains("still in its outbox, row " + row + " DEAD", "scripts/outbox.sh requeue " + row);
            } finally {
                execute(inventory, "DELETE FROM outbox WHERE order_no = ?", orderNo);
                execute(inventory, "DELETE FROM reservation WHERE order_no = ?", orderNo);
                execute(orders, "DELETE FROM orders WHERE order_no = ?", orderNo);
            }
        }
    }

    /**
     * Beyond the inbox retention a missing inbox row says nothing (the purge may have taken it), and a replay from
     * there would apply events again whose purged rows no longer guard them. A committed event that old is not judged
     * by the inbox (it used to be reported as undelivered whenever the inbox purge had run after tx_state's), and a
     * stuck order that old is for a human, not for {@code --repair}'s replay. {@code --inbox-retention=1h} stands for
     * services with {@code txorders.inbox.retention=1h}.
     */
    @Test
    void whatIsOlderThanTheInboxRetentionIsNotJudgedByTheInboxNorReplayed() throws Exception {
        String orderNo = anOrderNo("OLD");
        String eventId = UUID.randomUUID().toString();
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        try (Connection orders = platform.database("order_db")) {
            insertPendingOrder(orders, orderNo, twoHoursAgo);
            try (PreparedStatement insert = orders.prepareStatement("INSERT INTO tx_state (tx_id, order_no, "
                    + "event_type, state, check_count, commit_confirmed_at, created_at) "
                    + "VALUES (?, ?, 'OrderCreated', 'COMMITTED', 0, ?, ?)")) {
                insert.setString(1, eventId);
                insert.setString(2, orderNo);
                insert.setTimestamp(3, Timestamp.from(twoHoursAgo));
                insert.setTimestamp(4, Timestamp.from(twoHoursAgo));
                insert.executeUpdate();
            }
            try {
                Report report = reconcile("--json", "--since=" + twoHoursAgo.minusSeconds(1), "--stuck-after=10m",
                        "--inbox-retention=1h");

                List<JsonNode> found = about(report, orderNo);
                assertThat(found).as(report.out()).hasSize(1);
                assertThat(found.get(0).path("kind").asString()).isEqualTo("STUCK_PENDING");
                assertThat(found.get(0).path("fixableByReplay").asBoolean()).isFalse();
                assertThat(found.get(0).path("detail").asString()).contains("older than the inbox retention");
            } finally {
                execute(orders, "DELETE FROM tx_state WHERE tx_id = ?", eventId);
                execute(orders, "DELETE FROM orders WHERE order_no = ?", orderNo);
            }
        }
    }

    /**
     * A committed order whose OrderCreated the broker discarded (neither the commit nor a check-back answer reached
     * it): replay cannot help, the event is not in the topic. Reconcile says so, and --repair republishes the exact
     * event through order-producer, after which the order is reserved and the report is clean.
     */
    @Test
    void anEventThatNeverReachedTheTopicIsReportedAndRepublishedByRepair() throws Exception {
        // Older than reconcile's check window (2 min), younger than order-producer's own recovery (10 min).
        Instant threeMinutesAgo = Instant.now().minus(Duration.ofMinutes(3));
        long user = ThreadLocalRandom.current().nextLong(40_000_000, 50_000_000);
        String sku = platform.stockedSku("NRT-", 3);
        String orderNo = anOrderNo("NRT");
        OrderCreated event = new OrderCreated(EventIds.newId(), 1, threeMinutesAgo, orderNo, user,
                List.of(new OrderLine(sku, 2, new BigDecimal("3.50"))), new BigDecimal("7.00"),
                threeMinutesAgo.plus(Duration.ofHours(1)));
        // What order-producer leaves when it commits locally and then neither the commit nor any check-back answer
        // reaches RocketMQ (crashed, its database away while the broker checks): the broker discards the message.
        try (Connection orders = platform.database("order_db")) {
            try (PreparedStatement insert = orders.prepareStatement("INSERT INTO orders (order_no, user_id, status, "
                    + "total_amount, payment_deadline, version, created_at, updated_at) "
                    + "VALUES (?, ?, 'PENDING', 7.00, ?, 0, ?, ?)")) {
                insert.setString(1, orderNo);
                insert.setLong(2, user);
                insert.setTimestamp(3, Timestamp.from(event.paymentDeadline()));
                insert.setTimestamp(4, Timestamp.from(threeMinutesAgo));
                insert.setTimestamp(5, Timestamp.from(threeMinutesAgo));
                insert.executeUpdate();
            }
            execute(orders, "INSERT INTO order_item (order_no, sku, quantity, unit_price) VALUES (?, ?, 2, 3.50)",
                    orderNo, sku);
            try (PreparedStatement insert = orders.prepareStatement("INSERT INTO tx_state (tx_id, order_no, "
                    + "event_type, state, check_count, message_body, created_at) "
                    + "VALUES (?, ?, 'OrderCreated', 'COMMITTED', 0, ?, ?)")) {
                insert.setString(1, event.eventId().toString());
                insert.setString(2, orderNo);
                insert.setBytes(3, new EventCodec().encode(event));
                insert.setTimestamp(4, Timestamp.from(threeMinutesAgo));
                insert.executeUpdate();
            }
        }
        String since = "--since=" + threeMinutesAgo.minusSeconds(1);

        Report report = reconcile(since, "--json");

        assertThat(report.exitCode()).as(report.out()).isEqualTo(1);
        List<JsonNode> found = about(report, orderNo);
        assertThat(found).as(report.out()).hasSize(1);
        assertThat(found.get(0).path("kind").asString()).isEqualTo("NEVER_REACHED_TOPIC");
        assertThat(found.get(0).path("republishEventId").asString()).isEqualTo(event.eventId().toString());
        assertThat(found.get(0).path("fixableByReplay").asBoolean()).isFalse();

        Report repaired = reconcile(since, "--repair");

        assertThat(repaired.out()).as(repaired.err())
                .contains("never reached the topic -> republished eventId " + event.eventId());
        Report after = reconcile(since, "--settle=0s", "--json");
        assertThat(about(after, orderNo)).as(after.out()).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                platform.get(platform.orders, "/orders/" + orderNo).json().path("status").asString().equals("RESERVED"));
        assertThat(platform.get(platform.inventory, "/stock/" + sku).json().path("reserved").asInt()).isEqualTo(2);
    }

    /**
     * A reservation confirmed while reconcile reads inventory_db, between its ledger sums and its stock read (what
     * live traffic does at any moment), is no discrepancy: the three reads see one snapshot.
     */
    @Test
    void aConfirmationCommittedWhileReconcileReadsStockIsNoDiscrepancy() throws Exception {
        String sku = "SNAP-" + UUID.randomUUID().toString().substring(0, 8);
        String orderNo = anOrderNo("SNAP");
        Map<String, String> env = new HashMap<>(platform.toolEnvironment());
        env.put("TXORDERS_INVENTORY_DB_URL", platform.stack.jdbcUrl("inventory_db")
                + "?useSSL=false&queryInterceptors=" + ConfirmationBeforeStockRead.class.getName());
        try (Connection inventory = platform.database("inventory_db")) {
            Timestamp now = Timestamp.from(Instant.now());
            try (PreparedStatement insert = inventory.prepareStatement("INSERT INTO stock (sku, available, reserved, "
                    + "sold, stocked, updated_at) VALUES (?, 8, 2, 0, 10, ?)")) {
                insert.setString(1, sku);
                insert.setTimestamp(2, now);
                insert.executeUpdate();
            }
            insertReservedReservation(inventory, orderNo, now);
            execute(inventory, "INSERT INTO reservation_line (order_no, sku, quantity) VALUES (?, ?, 2)", orderNo, sku);
            try {
                // What inventory-consumer's confirmation commits: the reservation and the stock's units, together.
                ConfirmationBeforeStockRead.arm(() -> {
                    inventory.setAutoCommit(false);
                    execute(inventory, "UPDATE reservation SET status = 'CONFIRMED' WHERE order_no = ?", orderNo);
                    execute(inventory, "UPDATE stock SET reserved = reserved - 2, sold = sold + 2 WHERE sku = ?", sku);
                    inventory.commit();
                    inventory.setAutoCommit(true);
                });

                Report report = reconcile(env, "--json", "--since=" + Instant.now().minusSeconds(1));

                assertThat(ConfirmationBeforeStockRead.fired()).as("the confirmation ran before the stock read").isTrue();
                assertThat(about(report, sku)).as(report.out()).isEmpty();
                Report after = reconcile("--json", "--since=" + Instant.now().minusSeconds(1));
                assertThat(about(after, sku)).as(after.out()).isEmpty();
            } finally {
                ConfirmationBeforeStockRead.disarm();
                execute(inventory, "DELETE FROM reservation_line WHERE order_no = ?", orderNo);
                execute(inventory, "DELETE FROM reservation WHERE order_no = ?", orderNo);
                execute(inventory, "DELETE FROM stock WHERE sku = ?", sku);
            }
        }
    }

    /** What a wrong COMMIT would leave: ledger entries for an order that does not exist. Never reported as clean. */
    @Test
    void ledgerEntriesWhoseOrderDoesNotExistAreReported() throws Exception {
        Instant since = Instant.now().minusSeconds(1);
        String reservedFor = anOrderNo("ORPHAN");
        String paidFor = anOrderNo("ORPHAN");
        try (Connection inventory = platform.database("inventory_db");
             Connection points = platform.database("points_db")) {
            Timestamp now = Timestamp.from(Instant.now()); // written as the services write times
            insertReservedReservation(inventory, reservedFor, now);
            try (PreparedStatement insert = points.prepareStatement("INSERT INTO points_ledger (user_id, order_no, "
                    + "delta, reason, event_id, created_at) VALUES (999999999, ?, 12, 'ORDER_PAID', ?, ?)")) {
                insert.setString(1, paidFor);
                insert.setString(2, UUID.randomUUID().toString());
                insert.setTimestamp(3, now);
                insert.executeUpdate();
            }
            try {
                Report report = reconcile("--since=" + since, "--settle=0s", "--json");

                assertThat(report.exitCode()).as(report.out()).isEqualTo(1);
                assertThat(about(report, reservedFor)).singleElement()
                        .satisfies(d -> assertThat(d.path("kind").asString()).isEqualTo("ORPHAN_RESERVATION"));
                assertThat(about(report, paidFor)).singleElement()
                        .satisfies(d -> assertThat(d.path("kind").asString()).isEqualTo("ORPHAN_POINTS"));
            } finally {
                execute(inventory, "DELETE FROM reservation WHERE order_no = ?", reservedFor);
                execute(points, "DELETE FROM points_ledger WHERE order_no = ?", paidFor);
            }
        }
    }

    @Test
    void anUnreachableDatabaseOrABadArgumentIsExitCodeTwo() {
        Map<String, String> env = new HashMap<>(platform.toolEnvironment());
        env.put("TXORDERS_DB_PORT", "1");

        assertThat(ReconcileCommand.run(new String[0], env, sink(), sink(), Clock.systemUTC())).isEqualTo(2);
        assertThat(ReconcileCommand.run(new String[] {"--since=yesterday"}, platform.toolEnvironment(), sink(), sink(),
                Clock.systemUTC())).isEqualTo(2);
    }

    /**
     * Asserts that a JSON report found one discrepancy (exit code 1), of this kind about this subject; returns it.
     */
    private static JsonNode theOnlyDiscrepancy(Report report, String kind, String subject) {
        assertThat(report.exitCode()).isEqualTo(1);
        JsonNode discrepancies = report.json().path("discrepancies");
        assertThat(discrepancies).hasSize(1);
        JsonNode only = discrepancies.get(0);
        assertThat(only.path("kind").asString()).isEqualTo(kind);
        assertThat(only.path("subject").asString()).isEqualTo(subject);
        return only;
    }

    /** A PENDING order placed at {@code placed}, its payment deadline a day later, as no consumer has seen it. */
    private static void insertPendingOrder(Connection orders, String orderNo, Instant placed) throws Exception {
        try (PreparedStatement insert = orders.prepareStatement("INSERT INTO orders (order_no, user_id, status, "
                + "total_amount, payment_deadline, version, created_at, updated_at) "
                + "VALUES (?, 1, 'PENDING', 1.00, ?, 0, ?, ?)")) {
            insert.setString(1, orderNo);
            insert.setTimestamp(2, Timestamp.from(placed.plus(Duration.ofDays(1))));
            insert.setTimestamp(3, Timestamp.from(placed));
            insert.setTimestamp(4, Timestamp.from(placed));
            insert.executeUpdate();
        }
    }

    /** A RESERVED reservation of {@code orderNo}, with no lines, made at {@code at}. */
    private static void insertReservedReservation(Connection inventory, String orderNo, Timestamp at) throws Exception {
        try (PreparedStatement insert = inventory.prepareStatement("INSERT INTO reservation (order_no, status, "
                + "created_at, updated_at) VALUES (?, 'RESERVED', ?, ?)")) {
            insert.setString(1, orderNo);
            insert.setTimestamp(2, at);
            insert.setTimestamp(3, at);
            insert.executeUpdate();
        }
    }

    /** An order number no other test uses: {@code prefix} and random characters, 20 after the prefix. */
    private static String anOrderNo(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase();
    }

    /** The discrepancies of a JSON report that name this order. */
    private static List<JsonNode> about(Report report, String orderNo) {
        List<JsonNode> found = new java.util.ArrayList<>();
        report.json().path("discrepancies").forEach(d -> {
            if (d.path("subject").asString().equals(orderNo)) {
                found.add(d);
            }
        });
        return found;
    }

    private String payAnOrder(long user, String sku) {
        String orderNo = platform.placeAndAwaitReserved(user, sku);
        assertThat(platform.post(platform.orders, "/orders/" + orderNo + "/pay", "").status()).isEqualTo(200);
        return orderNo;
    }


    private Report reconcile(String... args) {
        return reconcile(platform.toolEnvironment(), args);
    }

    private Report reconcile(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReconcileCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
        return new Report(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static PrintStream sink() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static void execute(Connection db, String sql, String... params) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }
}
