package io.txorders.cli.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * What {@code scripts/reconcile.sh} was asked for (see {@link ReconcileCommand} for the command line).
 *
 * @param since only orders created at or after this instant (default: everything)
 * @param settle orders changed more recently than this are still in flight and not judged
 * @param stuckAfter a PENDING order older than this is reported as stuck
 * @param json print JSON instead of the human summary
 * @param inboxRetention how long the services keep inbox rows ({@code txorders.inbox.retention}): what is older
 *        cannot be judged by the inbox, nor fixed by a replay
 */
record ReconcileOptions(Instant since, Duration settle, Duration stuckAfter, boolean json, boolean repair,
                        String metricsFile, Duration inboxRetention) {
}
