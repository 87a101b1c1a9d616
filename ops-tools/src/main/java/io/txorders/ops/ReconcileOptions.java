package io.txorders.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Command line of {@code scripts/reconcile.sh}.
 *
 * @param since only orders created at or after this instant (default: everything)
 * @param settle orders changed more recently than this are still in flight and not judged
 * @param stuckAfter a PENDING order older than this is reported as stuck
 * @param json print JSON instead of the human summary
 */
record ReconcileOptions(DatabaseUrls databases, Instant since, Duration settle, Duration stuckAfter, boolean json,
                        boolean repair, boolean help) {

    static final String USAGE = """
            Usage: scripts/reconcile.sh [--since=ISO-8601] [--json] [--settle=30s] [--stuck-after=10m]

            Compares the three service databases, read-only, and reports every discrepancy:
              - per order: status vs the inventory reservation vs the points ledger
                (PAID <-> CONFIRMED <-> points awarded; CANCELLED <-> RELEASED/REJECTED/none <-> no points;
                RESERVED <-> RESERVED; PENDING older than --stuck-after = stuck);
              - per SKU: available + reserved + sold vs stocked, and reserved/sold vs the reservation ledger;
              - outbox rows DEAD or PENDING for more than 5 minutes; dead letters not yet resubmitted;
              - committed tx_state rows older than the check window whose event no consumer has seen.
            Exit code: 0 when clean, 1 when discrepancies exist, 2 on usage or connection errors.

            Databases (defaults: the embedded stack of run-local.sh):
              TXORDERS_ORDER_DB_URL, TXORDERS_INVENTORY_DB_URL, TXORDERS_POINTS_DB_URL,
              TXORDERS_DB_USER (txorders), TXORDERS_DB_PASSWORD (txorders)""";

    static ReconcileOptions parse(String[] args, Map<String, String> env) {
        Instant since = Instant.EPOCH;
        Duration settle = Duration.ofSeconds(30);
        Duration stuckAfter = Duration.ofMinutes(10);
        boolean json = false;
        boolean repair = false;
        boolean help = false;
        for (String arg : args) {
            try {
                if (arg.equals("--json")) {
                    json = true;
                } else if (arg.equals("--repair")) {
                    repair = true;
                } else if (arg.equals("--help") || arg.equals("-h")) {
                    help = true;
                } else if (arg.startsWith("--since=")) {
                    since = Instant.parse(arg.substring("--since=".length()));
                } else if (arg.startsWith("--settle=")) {
                    settle = duration(arg.substring("--settle=".length()));
                } else if (arg.startsWith("--stuck-after=")) {
                    stuckAfter = duration(arg.substring("--stuck-after=".length()));
                } else {
                    throw new IllegalArgumentException("unknown argument " + arg);
                }
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new IllegalArgumentException("bad value in " + arg + ": " + e.getMessage());
            }
        }
        return new ReconcileOptions(DatabaseUrls.from(env), since, settle, stuckAfter, json, repair, help);
    }

    static Duration duration(String text) {
        String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("not a duration (use 30s, 10m, 1h): " + text);
        };
    }

    /** Where the three databases are. */
    record DatabaseUrls(String orders, String inventory, String points, String user, String password) {

        static DatabaseUrls from(Map<String, String> env) {
            String base = "jdbc:mysql://" + env.getOrDefault("TXORDERS_DB_HOST", "127.0.0.1") + ":"
                    + env.getOrDefault("TXORDERS_DB_PORT", "3316") + "/";
            String params = "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=3000";
            return new DatabaseUrls(
                    env.getOrDefault("TXORDERS_ORDER_DB_URL", base + "order_db" + params),
                    env.getOrDefault("TXORDERS_INVENTORY_DB_URL", base + "inventory_db" + params),
                    env.getOrDefault("TXORDERS_POINTS_DB_URL", base + "points_db" + params),
                    env.getOrDefault("TXORDERS_DB_USER", "txorders"),
                    env.getOrDefault("TXORDERS_DB_PASSWORD", "txorders"));
        }
    }
}
