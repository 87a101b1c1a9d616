package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A stored time is an instant, whatever the zone of the process that wrote or reads it: the platform's services
 * run in zones 24 hours apart (Platform.ZONES) and this JVM, like an operator's laptop running the tools, in
 * yet another.
 */
class TimeZoneIT {

    private final Platform platform = Platform.get();

    @Test
    void orderInstancesInZones24HoursApartAndAToolInAThirdAgreeOnAnOrdersTimes() throws Exception {
        Platform.Response placed = platform.post(platform.ordersWithShortDeadline, "/orders", """
                {"userId":7101,"items":[{"sku":"SKU-1","quantity":1,"unitPrice":"3.00"}]}""");
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderNo = placed.json().path("orderNo").asString();

        JsonNode seenByWriter = platform.get(platform.ordersWithShortDeadline, "/orders/" + orderNo).json();
        JsonNode seenByOther = platform.get(platform.orders, "/orders/" + orderNo).json();
        Instant createdAt = Instant.parse(seenByWriter.path("createdAt").asString());
        Instant deadline = Instant.parse(seenByWriter.path("paymentDeadline").asString());
        assertThat(createdAt).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(Duration.between(createdAt, deadline)).isBetween(Duration.ofMillis(2990), Duration.ofMillis(3010));
        assertThat(Instant.parse(seenByOther.path("createdAt").asString())).isEqualTo(createdAt);
        assertThat(Instant.parse(seenByOther.path("paymentDeadline").asString())).isEqualTo(deadline);

        try (Connection db = platform.database("order_db");
             var query = db.prepareStatement("SELECT created_at, payment_deadline FROM orders WHERE order_no = ?")) {
            query.setString(1, orderNo);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getTimestamp(1).toInstant()).isEqualTo(createdAt);
                assertThat(row.getTimestamp(2).toInstant()).isEqualTo(deadline);
            }
        }
    }

    @Test
    void connectionsOpenedInDifferentZonesReadTheInstantsEachOtherWrote() throws Exception {
        // Both hours of New York's DST fall-back (01:30 EDT, then 01:30 EST), written and read in zones where
        // they are ambiguous or far apart, and the session's own clock.
        Instant firstHalfPast1 = Instant.parse("2026-11-01T05:30:00.123Z");
        Instant secondHalfPast1 = Instant.parse("2026-11-01T06:30:00.456Z");
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            try (Connection writer = platform.database("order_db"); Statement ddl = writer.createStatement()) {
                ddl.execute("CREATE TABLE IF NOT EXISTS tz_probe (id INT PRIMARY KEY, at DATETIME(3) NOT NULL)");
                ddl.execute("DELETE FROM tz_probe");
                try (var insert = writer.prepareStatement("INSERT INTO tz_probe (id, at) VALUES (?, ?)")) {
                    insert.setInt(1, 1);
                    insert.setTimestamp(2, Timestamp.from(firstHalfPast1));
                    insert.executeUpdate();
                    insert.setInt(1, 2);
                    insert.setTimestamp(2, Timestamp.from(secondHalfPast1));
                    insert.executeUpdate();
                }
                assertThat(read(writer, 1)).isEqualTo(firstHalfPast1);
                assertThat(read(writer, 2)).isEqualTo(secondHalfPast1);
            }
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            try (Connection reader = platform.database("order_db"); Statement sql = reader.createStatement()) {
                assertThat(read(reader, 1)).isEqualTo(firstHalfPast1);
                assertThat(read(reader, 2)).isEqualTo(secondHalfPast1);
                try (ResultSet now = sql.executeQuery("SELECT NOW(3)")) {
                    now.next();
                    assertThat(now.getTimestamp(1).toInstant()).isBetween(Instant.now().minusSeconds(5),
                            Instant.now().plusSeconds(5));
                }
                sql.execute("DROP TABLE tz_probe");
            }
        } finally {
            TimeZone.setDefault(original);
        }
    }

    private static Instant read(Connection db, int id) throws Exception {
        try (var query = db.prepareStatement("SELECT at FROM tz_probe WHERE id = ?")) {
            query.setInt(1, id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getTimestamp(1).toInstant();
            }
        }
    }
}
