package io.txorders.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Command line of {@code scripts/reconcile.sh}.
 *
 * @param since only orders created at or after this instant (default: everything)
 * @param settle orders changed more recently than this are still in flight and not judged
 * @param stuckAfter a PENDING order older than this is reported as stuck
 * @param json print JSON instead of the human summary
 */
record ReconcileOptions(DatabaseUrls databases, Instant since, Duration settle, Duration stuckAfter, boolean json,
                        boolean repair, boolean help, String metricsFile) {

    static final String USAGE = """
            Usage: scripts/reconcile.sh [--since=ISO-8601] [--json] [--settle=30s] [--stuck-after=10m] [--repair]
                                        [--metrics-file=PATH]

            Compares the three service databases, read-only, and reports every discrepancy:
              - per order: status vs the inventory reservation vs the points ledger
                (PAID <-> CONFIRMED <-> points awarded; CANCELLED <-> RELEASED/REJECTED/none <-> no points;
                RESERVED <-> RESERVED; PENDING older than --stuck-after = stuck);
              - per SKU: available + reserved + sold vs stocked, and reserved/sold vs the reservation ledger;
              - ledger entries whose order does not exist: RESERVED/CONFIRMED reservations (ORPHAN_RESERVATION)
                and points awarded (ORPHAN_POINTS) for an order order_db does not have;
              - outbox rows DEAD or PENDING for more than 5 minutes; dead letters not yet resubmitted;
              - committed tx_state rows older than the check window whose event no consumer has seen: a missed
                consumption (UNDELIVERED_EVENT), or NEVER_REACHED_TOPIC when neither the commit nor a check-back
                answer reached RocketMQ (the broker discarded the half message; replay cannot help).
            Exit code: 0 when clean, 1 when discrepancies exist, 2 on usage or connection errors.

            --metrics-file: also write the result in the Prometheus text format (txorders_reconcile_discrepancies
              {kind}, txorders_reconcile_last_run_timestamp_seconds) for node_exporter's textfile collector.
            --repair: republishes every committed event that never reached its topic through order-producer
              (POST /admin/transactions/{id}/republish: the exact message again; inboxes drop duplicates); for
              discrepancies a missed consumption explains, replays the affected consumer groups (scripts/replay.sh)
              from just before the earliest affected event; waits until the consumers caught up and reports
              again; what neither can fix is listed for a human. Needs TXORDERS_ADMIN_TOKEN and the
              replay settings (ROCKETMQ_NAMESRV_ADDR, TXORDERS_*_URL; see scripts/replay.sh --help).

            Databases (defaults: the embedded stack of run-local.sh):
              TXORDERS_ORDER_DB_URL, TXORDERS_INVENTORY_DB_URL, TXORDERS_POINTS_DB_URL,
              TXORDERS_DB_USER (txorders), TXORDERS_DB_PASSWORD (txorders)""";

    static ReconcileOptions parse(String[] args, Map<String, String> env) {
        Arguments parsed = Arguments.parse(args, Set.of("since", "settle", "stuck-after", "metrics-file"),
                Set.of("json", "repair", "help"));
        if (!parsed.positional().isEmpty()) {
            throw new IllegalArgumentException("unknown argument " + parsed.positional().get(0));
        }
        return new ReconcileOptions(DatabaseUrls.from(env), parsed.instant("since", Instant.EPOCH),
                parsed.duration("settle", Duration.ofSeconds(30)), parsed.duration("stuck-after", Duration.ofMinutes(10)),
                parsed.flag("json"), parsed.flag("repair"), parsed.flag("help"), parsed.value("metrics-file", null));
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
