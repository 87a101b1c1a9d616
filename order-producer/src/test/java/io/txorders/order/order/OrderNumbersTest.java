package io.txorders.order.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderNumbersTest {

    @Test
    void numbersAreUrlSafeUniqueAndSortByTime() {
        String earlier = new OrderNumbers(Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC)).next();
        String later = new OrderNumbers(Clock.fixed(Instant.parse("2026-11-24T10:00:00.001Z"), ZoneOffset.UTC)).next();
        OrderNumbers numbers = new OrderNumbers(Clock.systemUTC());
        Set<String> many = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(numbers.next());
        }

        assertThat(earlier).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(earlier.compareTo(later)).isNegative();
        assertThat(many).hasSize(10_000);
    }
}
