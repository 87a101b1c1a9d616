package io.txorders.points.points;

import java.time.Instant;

/** One change of a user's balance, and why. */
public record PointsEntry(String orderNo, long delta, String reason, Instant createdAt) {
}
