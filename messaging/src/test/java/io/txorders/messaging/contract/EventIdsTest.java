package io.txorders.messaging.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void idsAreVersion7AndSortByCreationTime() {
        UUID earlier = EventIds.newId(Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
        UUID later = EventIds.newId(Clock.fixed(Instant.parse("2026-11-24T10:00:00.001Z"), ZoneOffset.UTC));

        assertThat(earlier.version()).isEqualTo(7);
        assertThat(earlier.variant()).isEqualTo(2);
        assertThat(earlier.toString().compareTo(later.toString())).isNegative();
    }

    @Test
    void theEventIdAmongAMessagesKeysIsTheOneInCanonicalUuidFormWhereverItStands() {
        UUID id = EventIds.newId();

        assertThat(EventIds.amongKeys(List.of("ORD-1", id.toString()))).contains(id);
        assertThat(EventIds.amongKeys(List.of(id.toString(), "ORD-1"))).contains(id);
        assertThat(EventIds.amongKeys(List.of("1-1-1-1-1", "ORD-1"))).as("a short form is an order number").isEmpty();
        assertThat(EventIds.amongKeys(List.of())).isEmpty();
    }
}
