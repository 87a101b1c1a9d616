package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.txorders.cli.reconcile.ReconcileCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;

/** What must hold after an outage, whatever failed. */
final class OutageAssertions {

    private OutageAssertions() {
    }

    static void assertConsistentAfter(Platform platform, OrderLoad load) throws Exception {
        System.out.println("outage: accepted " + load.accepted.size() + ", refused " + load.refusedCount);
        // Refused = a clear 503 problem; never a 500, never a hang.
        assertThat(load.refusedCount.keySet()).as("refusals %s", load.refused).isSubsetOf(503);
        load.refused.values().forEach(body -> assertThat(body).contains("\"status\":503"));
        // Accepted = delivered, however long the outage held it up.
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2)).until(() ->
                count(platform, "SELECT COUNT(*) FROM orders WHERE user_id = ? AND status = 'RESERVED'", load.user)
                        == load.accepted.size());
        assertThat(count(platform, "SELECT COUNT(*) FROM orders WHERE user_id = ?", load.user))
                .as("no order exists that was refused").isEqualTo(load.accepted.size());
        assertThat(platform.get(platform.inventory, "/stock/" + load.sku).json().path("reserved").asInt())
                .as("each accepted order reserved exactly once").isEqualTo(load.accepted.size());
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        int code = ReconcileCommand.run(new String[] {"--since=" + load.since, "--settle=0s"}, platform.toolEnvironment(),
                new PrintStream(report, true, StandardCharsets.UTF_8), ReconcileIT.sink(), Clock.systemUTC());
        assertThat(code).as(report.toString(StandardCharsets.UTF_8)).isZero();
    }

    private static long count(Platform platform, String sql, long user) throws Exception {
        try (Connection db = platform.database("order_db"); PreparedStatement query = db.prepareStatement(sql)) {
            query.setLong(1, user);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
