package io.txorders.order.order;

import java.math.BigDecimal;
import java.util.Objects;

/** One line of an order: a SKU, how many, at what unit price. */
public record OrderItem(String sku, int quantity, BigDecimal unitPrice) {

    public OrderItem {
        Objects.requireNonNull(sku, "sku");
        if (stripSpace(sku).isEmpty()) {
            throw new IllegalArgumentException("sku must not be blank");
        }
        Objects.requireNonNull(unitPrice, "unitPrice");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        if (unitPrice.signum() <= 0) {
            throw new IllegalArgumentException("unitPrice must be positive");
        }
    }

    /**
     * The SKU without leading and trailing space of any kind: {@link String#strip()} keeps a no-break space
     * (U+00A0, U+2007, U+202F), which is a space separator but not Java white space.
     */
    public static String stripSpace(String sku) {
        int start = 0;
        int end = sku.length();
        while (start < end && isSpace(sku.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(sku.charAt(end - 1))) {
            end--;
        }
        return sku.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** quantity × unit price. */
    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
