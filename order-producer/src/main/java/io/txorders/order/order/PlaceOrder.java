package io.txorders.order.order;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The command to place an order. Validates itself: a command that exists is a valid one (the HTTP layer
 * reports field errors before building it).
 *
 * @param userId the customer, positive
 * @param items 1 to {@value #MAX_ITEMS} lines
 * @param idempotencyKey the client's {@code Idempotency-Key}, if any: the same key (for the same user)
 *                       always yields the same order
 */
public record PlaceOrder(long userId, List<OrderItem> items, Optional<String> idempotencyKey) {

    public static final int MAX_ITEMS = 50;
    /** The largest order total {@code orders.total_amount DECIMAL(14,2)} holds. */
    public static final BigDecimal MAX_TOTAL = new BigDecimal("999999999999.99");

    public PlaceOrder {
        if (userId <= 0) {
            throw new IllegalArgumentException("userId must be positive");
        }
        if (items == null || items.isEmpty() || items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("an order has 1 to " + MAX_ITEMS + " items");
        }
        items = List.copyOf(items);
        if (firstRepeatedSku(items).isPresent()) {
            throw new IllegalArgumentException("SKU " + firstRepeatedSku(items).get() + " is named twice");
        }
        if (totalOf(items).compareTo(MAX_TOTAL) > 0) {
            throw new IllegalArgumentException("the order total exceeds " + MAX_TOTAL.toPlainString());
        }
        idempotencyKey = idempotencyKey == null ? Optional.empty() : idempotencyKey;
    }

    /** Sum of the line totals. */
    public BigDecimal totalAmount() {
        return totalOf(items);
    }

    /** The sum of the line totals of these items. */
    public static BigDecimal totalOf(List<OrderItem> items) {
        return items.stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * The first SKU that more than one line names. An order names each SKU once: the reservation keeps one line per
     * SKU, and two lines for one SKU would never be reserved.
     */
    public static Optional<String> firstRepeatedSku(List<OrderItem> items) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return items.stream().map(OrderItem::sku).filter(sku -> !seen.add(sku)).findFirst();
    }

    /**
     * A fingerprint of what is asked for (user and items, in order), so that an idempotency key reused for a
     * different request is recognised and refused instead of silently answered with another order: the SHA-256
     * (hex) of a canonical form in which every SKU is length-prefixed, so no SKU text can imitate a field
     * boundary. Prices count by value ({@code 10.0} = {@code 10}).
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder("place-order/2\n").append(userId).append('\n').append(items.size());
        for (OrderItem item : items) {
            text.append('\n').append(item.sku().length()).append(':').append(item.sku())
                    .append(' ').append(item.quantity())
                    .append(' ').append(item.unitPrice().stripTrailingZeros().toPlainString());
        }
        return sha256(text);
    }

    /**
     * Whether {@code stored} is this request's fingerprint. Orders placed before this canonical form stored
     * {@code user|sku×quantity@price|…}; a client retrying across the upgrade still matches it, but only when no
     * SKU contains one of those separators: only then was that form unambiguous.
     */
    public boolean hasFingerprint(String stored) {
        if (fingerprint().equals(stored)) {
            return true;
        }
        if (items.stream().anyMatch(item -> item.sku().chars().anyMatch(c -> c == '|' || c == '×' || c == '@'))) {
            return false;
        }
        StringBuilder legacy = new StringBuilder().append(userId);
        for (OrderItem item : items) {
            legacy.append('|').append(item.sku()).append('×').append(item.quantity())
                    .append('@').append(item.unitPrice().stripTrailingZeros().toPlainString());
        }
        return sha256(legacy).equals(stored);
    }

    private static String sha256(CharSequence text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
