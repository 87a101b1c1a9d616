package io.txorders.messaging.contract;

/**
 * The one rule for a SKU's text, shared by the services that name SKUs: an order's SKU is taken without space of
 * any kind at either end, and a stock row can only be created under such a SKU. Space of any kind means Java white
 * space and Unicode space separators: {@link String#strip()} keeps a no-break space (U+00A0, U+2007, U+202F), which
 * is a space separator but not Java white space. The databases compare SKUs exactly ({@code utf8mb4_bin}, which
 * pads trailing spaces), so a SKU with space at an end would be one SKU to one path and another to the next.
 */
public final class Sku {

    /**
     * A regular expression (for {@code @Pattern}) that matches exactly the non-empty SKUs {@link #stripSpace} leaves
     * as they are ({@code (?s)}: a line break inside is not at an end).
     */
    public static final String NO_SPACE_AT_EITHER_END =
            "(?s)[^\\p{javaWhitespace}\\p{javaSpaceChar}](.*[^\\p{javaWhitespace}\\p{javaSpaceChar}])?";

    private Sku() {
    }

    /** The SKU without leading and trailing space of any kind; empty when it had nothing else. */
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
}
