package io.txorders.order.order;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Order numbers: 26 characters of Crockford base32 (ULID layout), 48 bits of Unix milliseconds then 80
 * random bits. Unique without coordination between instances, URL-safe, and sorting by creation time.
 */
public final class OrderNumbers {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;

    public OrderNumbers(Clock clock) {
        this.clock = clock;
    }

    /** A new order number. */
    public String next() {
        char[] text = new char[26];
        long millis = clock.millis();
        for (int i = 9; i >= 0; i--) {
            text[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long high = ((random[0] & 0xFFL) << 32) | ((random[1] & 0xFFL) << 24) | ((random[2] & 0xFFL) << 16)
                | ((random[3] & 0xFFL) << 8) | (random[4] & 0xFFL);
        long low = ((random[5] & 0xFFL) << 32) | ((random[6] & 0xFFL) << 24) | ((random[7] & 0xFFL) << 16)
                | ((random[8] & 0xFFL) << 8) | (random[9] & 0xFFL);
        for (int i = 17; i >= 10; i--) {
            text[i] = ALPHABET[(int) (high & 31)];
            high >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            text[i] = ALPHABET[(int) (low & 31)];
            low >>>= 5;
        }
        return new String(text);
    }
}
