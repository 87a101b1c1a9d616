package io.txorders.cli.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcileMetricsTest {

    @TempDir
    Path dir;

    @Test
    void theTextfileCountsDiscrepanciesByKindAndStampsTheRun() throws Exception {
        Reconciler.Result result = new Reconciler.Result(new Reconciler.Counts(3, 0, 1, 2), List.of(
                Discrepancy.forHuman("STOCK_UNBALANCED", "SKU-1", "x"),
                Discrepancy.missed("PAID_WITHOUT_POINTS", "O1", "y", "points-consumer", Instant.EPOCH),
                Discrepancy.missed("PAID_WITHOUT_POINTS", "O2", "y", "points-consumer", Instant.EPOCH)));
        Path file = dir.resolve("txorders_reconcile.prom");

        ReconcileCommand.writeMetrics(result, file, Instant.ofEpochSecond(1_800_000_000));

        assertThat(Files.readAllLines(file)).contains(
                "txorders_reconcile_discrepancies{kind=\"all\"} 3",
                "txorders_reconcile_discrepancies{kind=\"PAID_WITHOUT_POINTS\"} 2",
                "txorders_reconcile_discrepancies{kind=\"STOCK_UNBALANCED\"} 1",
                "txorders_reconcile_last_run_timestamp_seconds 1800000000");
        assertThat(dir.resolve("txorders_reconcile.prom.tmp")).doesNotExist();
    }
}
