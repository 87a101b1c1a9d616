package io.txorders.cli.reconcile;

/**
 * Something the databases disagree on.
 *
 * @param kind what rule is broken, e.g. {@code PAID_WITHOUT_POINTS}
 * @param subject the order number, SKU, outbox id or dead-letter id it is about
 * @param detail what was found, for a human
 * @param fixableByReplay whether re-consuming the affected group would fix it (a missed consumption)
 * @param group the consumer group whose replay would fix it, if any
 * @param replayFrom when the event that was missed happened: a replay must start before it (null if not fixable)
 * @param republishEventId the committed event that never reached its topic (the broker discarded its half message):
 *        republishing it through order-producer fixes this; null otherwise
 */
public record Discrepancy(String kind, String subject, String detail, boolean fixableByReplay, String group,
                          java.time.Instant replayFrom, String republishEventId) {

    /** A discrepancy neither replay nor republish can fix. */
    static Discrepancy forHuman(String kind, String subject, String detail) {
        return new Discrepancy(kind, subject, detail, false, null, null, null);
    }

    /** A missed consumption of {@code group}: replaying it from before {@code replayFrom} fixes it. */
    static Discrepancy missed(String kind, String subject, String detail, String group, java.time.Instant replayFrom) {
        return new Discrepancy(kind, subject, detail, true, group, replayFrom, null);
    }

    /**
     * A committed event that never reached its topic: neither its commit nor a check-back answer got to RocketMQ, so
     * the broker discarded the half message. Replay cannot help (nothing to re-consume); republishing it does.
     */
    static Discrepancy neverReachedTopic(String kind, String subject, String detail, String eventId) {
        return new Discrepancy(kind, subject, detail, false, null, null, eventId);
    }

    /** Whether republishing a committed event fixes it. */
    boolean fixableByRepublish() {
        return republishEventId != null;
    }
}
