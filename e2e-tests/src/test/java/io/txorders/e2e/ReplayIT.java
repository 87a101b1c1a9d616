package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.txorders.cli.reconcile.ReconcileCommand;
import io.txorders.cli.replay.ReplayCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** scripts/replay.sh against the running platform: offsets reset by time while the consumers run. */
class ReplayIT {

    private static final Pattern SUMMARY = Pattern.compile(
            "re-consumed (\\d+) \\(applied (\\d+), rejected (\\d+)\\), duplicates skipped (\\d+)");

    private final Platform platform = Platform.get();

    record Run(int exitCode, String out, String err) {
        long[] figures() {
            Matcher matcher = SUMMARY.matcher(out);
            assertThat(matcher.find()).as(out + err).isTrue();
            return new long[] {Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(4))};
        }
    }

    @Test
    void aWholeTopicReplayOfBothConsumerGroupsChangesNoStockAndNoPointsAndCountsTheDuplicates() {
        long user = ThreadLocalRandom.current().nextLong(40_000_000, 50_000_000);
        String sku = platform.stockedSku("RPL-", 10);
        for (int i = 0; i < 2; i++) {
            String orderNo = platform.placeAndAwaitReserved(user, sku);
            assertThat(platform.post(platform.orders, "/orders/" + orderNo + "/pay", "").status()).isEqualTo(200);
        }
        String cancelled = platform.placeAndAwaitReserved(user, sku);
        assertThat(platform.post(platform.orders, "/orders/" + cancelled + "/cancel", "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                platform.get(platform.points, "/points/" + user).json().path("balance").asLong() == 42
                        && platform.get(platform.inventory, "/stock/" + sku).json().path("sold").asInt() == 2
                        && platform.get(platform.inventory, "/stock/" + sku).json().path("reserved").asInt() == 0);
        JsonNode stockBefore = platform.get(platform.inventory, "/stock/" + sku).json();
        JsonNode pointsBefore = platform.get(platform.points, "/points/" + user).json();

        // From the epoch: everything the topic holds, including all traffic of the earlier end-to-end tests.
        // Both groups at once, as an operator replaying the topic for every consumer would.
        java.util.concurrent.CompletableFuture<Run> pointsReplay = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> replay("--group", "points-consumer", "--since", Instant.EPOCH.toString()));
        Run inventory = replay("--group", "inventory-consumer", "--since", Instant.EPOCH.toString());
        Run points = pointsReplay.join();

        assertThat(inventory.exitCode()).as(inventory.out() + inventory.err()).isZero();
        assertThat(points.exitCode()).as(points.out() + points.err()).isZero();
        assertThat(inventory.out()).contains("caught up");
        // This test's own events alone: 3 OrderCreated, 2 OrderPaid, 1 OrderCancelled for inventory; 2 OrderPaid
        // for points. All were applied before, so each comes back as a duplicate and nothing is applied again.
        assertThat(inventory.figures()[1]).isGreaterThanOrEqualTo(6);
        assertThat(inventory.figures()[0]).isZero();
        assertThat(points.figures()[1]).isGreaterThanOrEqualTo(2);
        assertThat(points.figures()[0]).isZero();
        assertThat(platform.get(platform.inventory, "/stock/" + sku).json()).isEqualTo(stockBefore);
        assertThat(platform.get(platform.points, "/points/" + user).json()).isEqualTo(pointsBefore);
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        int reconciled = ReconcileCommand.run(new String[] {"--settle=10s"}, platform.toolEnvironment(),
                new PrintStream(report, true, StandardCharsets.UTF_8), ReconcileIT.sink(), Clock.systemUTC());
        assertThat(reconciled).as(report.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void replayWithoutTheAdminTokenOrWithAWrongOneIsRefusedBeforeAnyReset() {
        Map<String, String> env = new HashMap<>(platform.toolEnvironment());
        env.remove("TXORDERS_ADMIN_TOKEN");
        String[] args = {"--group", "points-consumer", "--since", Instant.now().toString()};

        assertThat(ReplayCommand.run(args, env, ReconcileIT.sink(), ReconcileIT.sink(), Clock.systemUTC())).isEqualTo(2);
        env.put("TXORDERS_ADMIN_TOKEN", "wrong");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(ReplayCommand.run(args, env, ReconcileIT.sink(), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refused the admin token");
        assertThat(ReplayCommand.run(new String[] {"--group", "no-such-group", "--since", Instant.now().toString()},
                platform.toolEnvironment(), ReconcileIT.sink(), ReconcileIT.sink(), Clock.systemUTC())).isEqualTo(2);
    }

    private Run replay(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReplayCommand.run(args, platform.toolEnvironment(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
        System.out.print(out.toString(StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

}
