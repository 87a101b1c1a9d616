package io.txorders.messaging.inbox;

/**
 * What consuming one message did; counted as {@code txorders.consumer.messages{group,outcome}}. Every
 * outcome but POSTPONED and FAILED acknowledges the message.
 */
public enum ConsumeOutcome {
    /** The effect was applied (in the same transaction as the inbox row). */
    APPLIED,
    /** The inbox already had the event: applied before, nothing done. */
    DUPLICATE,
    /** A business rejection or an illegal transition, recorded and acknowledged; not an error. */
    REJECTED,
    /**
     * Nothing for this group to do (e.g. no webhook subscription wants the event type): acknowledged without a
     * transaction or an inbox row, so a later redelivery or replay is judged afresh.
     */
    IGNORED,
    /**
     * Not due yet by this instance's clock (a delayed message delivered a little early, e.g. clock skew between
     * broker and service): no transaction, no inbox row, not acknowledged, so the broker redelivers it after its
     * retry back-off and it is judged afresh.
     */
    POSTPONED,
    /** A failure left after in-process retries; the broker redelivers, and after its last attempt dead-letters it. */
    FAILED;

    /** Lower-case tag value. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
