package io.txorders.ops;

/**
 * Something the databases disagree on.
 *
 * @param kind what rule is broken, e.g. {@code PAID_WITHOUT_POINTS}
 * @param subject the order number, SKU, outbox id or dead-letter id it is about
 * @param detail what was found, for a human
 * @param fixableByReplay whether re-consuming the affected group would fix it (a missed consumption)
 * @param group the consumer group whose replay would fix it, if any
 * @param replayFrom when the event that was missed happened: a replay must start before it (null if not fixable)
 */
public record Discrepancy(String kind, String subject, String detail, boolean fixableByReplay, String group,
                          java.time.Instant replayFrom) {

    /** A discrepancy replay cannot fix. */
    static Discrepancy forHuman(String kind, String subject, String detail) {
        return new Discrepancy(kind, subject, detail, false, null, null);
    }

    /** A missed consumption of {@code group}: replaying it from before {@code replayFrom} fixes it. */
    static Discrepancy missed(String kind, String subject, String detail, String group, java.time.Instant replayFrom) {
        return new Discrepancy(kind, subject, detail, true, group, replayFrom);
    }
}
