package io.txorders.ops;

/**
 * Something the databases disagree on.
 *
 * @param kind what rule is broken, e.g. {@code PAID_WITHOUT_POINTS}
 * @param subject the order number, SKU, outbox id or dead-letter id it is about
 * @param detail what was found, for a human
 * @param fixableByReplay whether re-consuming the affected group would fix it (a missed consumption)
 * @param group the consumer group whose replay would fix it, if any
 */
public record Discrepancy(String kind, String subject, String detail, boolean fixableByReplay, String group) {
}
