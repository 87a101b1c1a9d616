package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The headline promise: concurrent orders never oversell, and every order ends in a definite state. */
class NoOversellIT {

    private final Platform platform = Platform.get();

    @Test
    void fiveHundredConcurrentSingleUnitOrdersOnStockOfOneHundred() throws Exception {
        String sku = platform.stockedSku("HOT-", 100);

        ExecutorService clients = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Platform.Response>> placed = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long userId = 1_000 + i;
            placed.add(clients.submit(() -> {
                start.await();
                return platform.post(platform.orders, "/orders", """
                        {"userId":%d,"items":[{"sku":"%s","quantity":1,"unitPrice":"10.00"}]}""".formatted(userId, sku));
            }));
        }
        start.countDown();
        List<String> orderNos = new ArrayList<>();
        for (Future<Platform.Response> future : placed) {
            Platform.Response response = future.get();
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            orderNos.add(response.json().path("orderNo").asString());
        }
        clients.shutdown();

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> countByStatus(orderNos).getOrDefault("PENDING", 0) == 0);
        Map<String, Integer> outcome = countByStatus(orderNos);
        assertThat(outcome).containsEntry("RESERVED", 100).containsEntry("CANCELLED:OUT_OF_STOCK", 400).hasSize(2);
        Platform.Response stock = platform.get(platform.inventory, "/stock/" + sku);
        assertThat(stock.json().path("available").asInt()).isZero();
        assertThat(stock.json().path("reserved").asInt()).isEqualTo(100);
        assertThat(stock.json().path("sold").asInt()).isZero();
        try (Connection inventory = platform.database("inventory_db");
             PreparedStatement ledger = inventory.prepareStatement(
                     "SELECT status, COUNT(*) FROM reservation r WHERE EXISTS (SELECT 1 FROM reservation_line l "
                             + "WHERE l.order_no = r.order_no AND l.sku = ?) GROUP BY status")) {
            ledger.setString(1, sku);
            try (ResultSet rows = ledger.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("RESERVED");
                assertThat(rows.getInt(2)).isEqualTo(100);
                assertThat(rows.next()).isFalse();
            }
        }
    }

    private Map<String, Integer> countByStatus(List<String> orderNos) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection orders = platform.database("order_db");
             PreparedStatement query = orders.prepareStatement(
                     "SELECT status, cancel_reason FROM orders WHERE order_no = ?")) {
            for (String orderNo : orderNos) {
                query.setString(1, orderNo);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    String key = row.getString(2) == null ? row.getString(1) : row.getString(1) + ":" + row.getString(2);
                    counts.merge(key, 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
