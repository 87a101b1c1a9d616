package io.txorders.messaging.contract;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/**
 * Event ids: UUID version 7 (RFC 9562), 48 bits of Unix milliseconds then random bits, so ids sort by
 * creation time (index friendly for {@code tx_state} and {@code inbox}) and never collide in practice.
 */
public final class EventIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private EventIds() {
    }

    /** A new time-ordered event id. */
    public static UUID newId() {
        return newId(Clock.systemUTC());
    }

    /**
     * The event id among a message's keys: the key written as a UUID in its canonical 36-character form (a publisher
     * sets the event id and the order number, in either order); empty when no key is one (a message sent by hand).
     */
    public static Optional<UUID> amongKeys(Collection<String> keys) {
        for (String key : keys) {
            if (key != null && key.length() == 36) { // UUID.fromString also takes short forms such as 1-1-1-1-1
                try {
                    return Optional.of(UUID.fromString(key));
                } catch (IllegalArgumentException notTheEventId) {
                    // an order number that happens to be 36 characters long
                }
            }
        }
        return Optional.empty();
    }

    static UUID newId(Clock clock) {
        long millis = clock.millis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
