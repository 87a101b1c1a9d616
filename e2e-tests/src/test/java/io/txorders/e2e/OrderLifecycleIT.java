package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The life of an order across the three services, as a user sees it over HTTP. */
class OrderLifecycleIT {

    private static final AtomicLong users = new AtomicLong(ThreadLocalRandom.current().nextLong(10_000_000, 20_000_000));
    private final Platform platform = Platform.get();

    @Test
    void aPaidOrderSellsItsStockAndAwardsFloorOfItsTotalInPoints() {
        String sku = platform.stockedSku("E2E-", 10);
        long user = users.incrementAndGet();

        String orderNo = place(platform.orders, user, sku, 3, "19.99");
        awaitStatus(platform.orders, orderNo, "RESERVED");
        Platform.Response paid = platform.post(platform.orders, "/orders/" + orderNo + "/pay", "");

        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.json().path("status").asString()).isEqualTo("PAID");
        await().atMost(Duration.ofSeconds(30)).until(() -> stock(sku).path("sold").asInt() == 3);
        assertThat(stock(sku).path("available").asInt()).isEqualTo(7);
        assertThat(stock(sku).path("reserved").asInt()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> points(user).path("balance").asLong() == 59);
        assertThat(points(user).path("entries").get(0).path("orderNo").asString()).isEqualTo(orderNo);
    }

    @Test
    void anUnpaidOrderTimesOutReleasesItsStockAndEarnsNoPoints() {
        String sku = platform.stockedSku("E2E-", 5);
        long user = users.incrementAndGet();

        String orderNo = place(platform.ordersWithShortDeadline, user, sku, 2, "7.00");
        // Usually RESERVED first; on a loaded machine the timeout may even come before inventory answers, and
        // the outcome must be the same: cancelled, nothing held.
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "CANCELLED".equals(order(platform.orders, orderNo).path("status").asString()));

        assertThat(order(platform.orders, orderNo).path("cancelReason").asString()).isEqualTo("TIMEOUT");
        await().atMost(Duration.ofSeconds(30)).until(() -> stock(sku).path("available").asInt() == 5);
        assertThat(stock(sku).path("reserved").asInt()).isZero();
        assertThat(platform.post(platform.orders, "/orders/" + orderNo + "/pay", "").status()).isEqualTo(409);
        assertThat(points(user).path("balance").asLong()).isZero();
    }

    @Test
    void fiftyPayVersusTimeoutRacesEachEndPaidOrCancelledNeverBothNeverNeither() throws Exception {
        String sku = platform.stockedSku("E2E-", 100);
        // Warm the pipeline first: on fresh JVMs the first reservations take longer than the 3 s deadline,
        // and a race needs orders that are RESERVED when their deadline comes.
        for (int i = 0; i < 5; i++) {
            String warmUp = place(platform.ordersWithShortDeadline, users.incrementAndGet(), platform.stockedSku("E2E-", 1), 1, "1.00");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    "CANCELLED".equals(order(platform.orders, warmUp).path("status").asString()));
        }
        Map<String, Long> userByOrder = new ConcurrentHashMap<>();
        Map<String, Integer> payStatus = new ConcurrentHashMap<>();
        ScheduledExecutorService clients = Executors.newScheduledThreadPool(50);
        for (int i = 0; i < 50; i++) {
            long user = users.incrementAndGet();
            // Paced, so that reservations keep up with the 3 s deadline on a small machine.
            clients.schedule(() -> {
                Platform.Response placed = platform.post(platform.ordersWithShortDeadline, "/orders", """
                        {"userId":%d,"items":[{"sku":"%s","quantity":1,"unitPrice":"10.00"}]}""".formatted(user, sku));
                String orderNo = placed.json().path("orderNo").asString();
                userByOrder.put(orderNo, user);
                Instant deadline = Instant.parse(placed.json().path("paymentDeadline").asString());
                // Pay a RESERVED order around its deadline: the timeout message arrives 0.2-1.2 s after it.
                Instant payAt = deadline.plusMillis(ThreadLocalRandom.current().nextLong(-800, 1_000));
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() ->
                        !"PENDING".equals(order(platform.orders, orderNo).path("status").asString()));
                long delay = Math.max(0, Duration.between(Instant.now(), payAt).toMillis());
                clients.schedule(() -> payStatus.put(orderNo,
                        platform.post(platform.orders, "/orders/" + orderNo + "/pay", "").status()),
                        delay, TimeUnit.MILLISECONDS);
            }, i * 150L, TimeUnit.MILLISECONDS);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> payStatus.size() == 50);
        clients.shutdown();
        List<String> orderNos = new ArrayList<>(userByOrder.keySet());

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> outcomes(orderNos).values().stream().allMatch(OrderLifecycleIT::settled));
        Map<String, String> outcomes = outcomes(orderNos);
        int paid = 0;
        for (String orderNo : orderNos) {
            String outcome = outcomes.get(orderNo);
            assertThat(outcome).as(orderNo).isIn("PAID|CONFIRMED|AWARDED", "CANCELLED:TIMEOUT|RELEASED|NONE");
            assertThat(payStatus.get(orderNo)).as(orderNo).isEqualTo(outcome.startsWith("PAID") ? 200 : 409);
            if (outcome.startsWith("PAID")) {
                paid++;
                assertThat(points(userByOrder.get(orderNo)).path("balance").asLong()).isEqualTo(10);
            } else {
                assertThat(points(userByOrder.get(orderNo)).path("balance").asLong()).isZero();
            }
        }
        JsonNode stock = stock(sku);
        assertThat(stock.path("sold").asInt()).isEqualTo(paid);
        assertThat(stock.path("reserved").asInt()).isZero();
        assertThat(stock.path("available").asInt()).isEqualTo(100 - paid);
        System.out.printf("pay-vs-timeout races: %d paid, %d timed out%n", paid, orderNos.size() - paid);
    }

    private static boolean settled(String outcome) {
        return outcome.equals("PAID|CONFIRMED|AWARDED") || outcome.equals("CANCELLED:TIMEOUT|RELEASED|NONE")
                || outcome.contains("BOTH") || (!outcome.contains("RESERVED") && !outcome.contains("PENDING")
                && !outcome.contains("MISSING") && !outcome.startsWith("PAID|RELEASED"));
    }

    /** order status | reservation status | points, per order, read straight from the three databases. */
    private Map<String, String> outcomes(List<String> orderNos) throws Exception {
        Map<String, String> outcomes = new HashMap<>();
        try (Connection orders = platform.database("order_db");
             Connection inventory = platform.database("inventory_db");
             Connection points = platform.database("points_db");
             PreparedStatement order = orders.prepareStatement("SELECT status, cancel_reason FROM orders WHERE order_no = ?");
             PreparedStatement reservation = inventory.prepareStatement("SELECT status FROM reservation WHERE order_no = ?");
             PreparedStatement award = points.prepareStatement("SELECT COUNT(*) FROM points_ledger WHERE order_no = ?")) {
            for (String orderNo : orderNos) {
                String status = single(order, orderNo, rs -> rs.getString(2) == null ? rs.getString(1)
                        : rs.getString(1) + ":" + rs.getString(2));
                String reserved = single(reservation, orderNo, rs -> rs.getString(1));
                int awards = single(award, orderNo, rs -> rs.getInt(1));
                outcomes.put(orderNo, status + "|" + (reserved == null ? "MISSING" : reserved) + "|"
                        + (awards == 0 ? "NONE" : awards == 1 ? "AWARDED" : "BOTH"));
            }
        }
        return outcomes;
    }

    private interface Column<T> {
        T read(ResultSet rs) throws Exception;
    }

    private static <T> T single(PreparedStatement query, String orderNo, Column<T> column) throws Exception {
        query.setString(1, orderNo);
        try (ResultSet rs = query.executeQuery()) {
            return rs.next() ? column.read(rs) : null;
        }
    }

    private String place(io.txorders.devstack.ServiceProcess service, long user, String sku, int quantity, String price) {
        Platform.Response response = platform.post(service, "/orders", """
                {"userId":%d,"items":[{"sku":"%s","quantity":%d,"unitPrice":"%s"}]}""".formatted(user, sku, quantity, price));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("orderNo").asString();
    }

    private void awaitStatus(io.txorders.devstack.ServiceProcess service, String orderNo, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(order(service, orderNo).path("status").asString()));
    }

    private JsonNode order(io.txorders.devstack.ServiceProcess service, String orderNo) {
        return platform.get(service, "/orders/" + orderNo).json();
    }

    private JsonNode stock(String sku) {
        return platform.get(platform.inventory, "/stock/" + sku).json();
    }

    private JsonNode points(long user) {
        return platform.get(platform.points, "/points/" + user).json();
    }
}
