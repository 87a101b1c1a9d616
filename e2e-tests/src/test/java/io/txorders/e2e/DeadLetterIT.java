package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.txorders.cli.dlq.DlqCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A message that fails in its consumer on every delivery: the broker gives up after its redeliveries (3 on the
 * test stack), moves it to {@code %DLQ%inventory-consumer}, the service records it, scripts/dlq.sh lists it,
 * and once the cause is gone a resubmit applies it exactly once through the normal consumer path.
 */
class DeadLetterIT {

    private final Platform platform = Platform.get();

    record Run(int exitCode, String out, String err) {
    }

    @Test
    void aMessageThatExhaustsItsRedeliveriesIsRecordedListedAndResubmittedOnce() throws Exception {
        String sku = platform.stockedSku("DLQ-", 5);
        String trigger = "poison_" + sku.replace("-", "_").toLowerCase();
        // A defect only this SKU hits: every attempt to reserve it fails (not a transient error, no in-process retry).
        try (Connection inventory = platform.database("inventory_db"); Statement sql = inventory.createStatement()) {
            sql.execute("CREATE TRIGGER " + trigger + " BEFORE INSERT ON reservation_line FOR EACH ROW "
                    + "IF NEW.sku = '" + sku + "' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'poisoned SKU'; END IF");
        }
        String orderNo;
        try {
            Platform.Response placed = platform.post(platform.orders, "/orders", """
                    {"userId":7,"items":[{"sku":"%s","quantity":2,"unitPrice":"3.00"}]}""".formatted(sku));
            assertThat(placed.status()).isEqualTo(201);
            orderNo = placed.json().path("orderNo").asString();

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> dlq("list", "--service", "inventory").out().contains(orderNo));
        } finally {
            try (Connection inventory = platform.database("inventory_db"); Statement sql = inventory.createStatement()) {
                sql.execute("DROP TRIGGER IF EXISTS " + trigger);
            }
        }
        Run list = dlq("list", "--service", "inventory");
        Matcher row = Pattern.compile("(inventory/\\d+)\\s+inventory-consumer\\s+NEW\\s+.*" + orderNo + ".*exhausted")
                .matcher(list.out());
        assertThat(row.find()).as(list.out()).isTrue();
        String id = row.group(1);
        assertThat(dlq("show", id).out()).contains("\"OrderCreated\"", orderNo);
        assertThat(platform.get(platform.orders, "/orders/" + orderNo).json().path("status").asString())
                .isEqualTo("PENDING");
        assertThat(platform.get(platform.inventory, "/actuator/metrics/txorders.dlq.messages?tag=group:inventory-consumer")
                .json().path("measurements").get(0).path("value").asDouble()).isGreaterThanOrEqualTo(1.0);

        Run resubmitted = dlq("resubmit", id);

        assertThat(resubmitted.exitCode()).as(resubmitted.err()).isZero();
        assertThat(resubmitted.out()).contains("RESUBMITTED");
        await().atMost(Duration.ofSeconds(30)).until(() -> "RESERVED".equals(
                platform.get(platform.orders, "/orders/" + orderNo).json().path("status").asString()));
        assertThat(platform.get(platform.inventory, "/stock/" + sku).json().path("reserved").asInt()).isEqualTo(2);
        Run again = dlq("resubmit", id);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already resubmitted");
        assertThat(platform.get(platform.inventory, "/stock/" + sku).json().path("reserved").asInt()).isEqualTo(2);
    }

    @Test
    void theDeadLetterApiNeedsTheAdminToken() {
        assertThat(platform.get(platform.points, "/admin/dead-letters").status()).isEqualTo(401);
        assertThat(platform.get(platform.orders, "/admin/consumers").status()).isEqualTo(401);
        assertThat(dlq("resubmit", "inventory/999999999").exitCode()).isEqualTo(1);
    }

    private Run dlq(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DlqCommand.run(args, platform.toolEnvironment(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
