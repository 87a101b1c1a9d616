package io.txorders.points.points;

import java.util.List;

/** A user's balance and its ledger, newest first. */
public record PointsBalance(long userId, long balance, List<PointsEntry> entries) {
}
