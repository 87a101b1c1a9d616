package io.txorders.messaging.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void orderCreatedRoundTripsWithItsTypeField() {
        OrderCreated event = new OrderCreated(EventIds.newId(), 1, Instant.parse("2026-11-24T10:00:00Z"), "O-1", 7,
                List.of(new OrderLine("SKU-1", 2, new BigDecimal("19.90"))), new BigDecimal("39.80"),
                Instant.parse("2026-11-24T10:15:00Z"));

        byte[] body = codec.encode(event);

        assertThat(new String(body, StandardCharsets.UTF_8))
                .startsWith("{\"type\":\"OrderCreated\"")
                .contains("\"occurredAt\":\"2026-11-24T10:00:00Z\"")
                .contains("\"totalAmount\":39.80");
        assertThat(codec.decode(body)).isEqualTo(event);
        assertThat(codec.decode(body, OrderCreated.class)).isEqualTo(event);
    }

    @Test
    void unknownFieldsAreTolerated() {
        String body = "{\"type\":\"StockReserved\",\"eventId\":\"0190f6a2-0000-7000-8000-000000000001\",\"version\":1,"
                + "\"occurredAt\":\"2026-11-24T10:00:00Z\",\"orderNo\":\"O-1\",\"warehouse\":\"north\"}";

        Event event = codec.decode(body.getBytes(StandardCharsets.UTF_8));

        assertThat(event).isInstanceOf(StockReserved.class);
        assertThat(event.orderNo()).isEqualTo("O-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[1,2]",
        "{}",
        "{\"type\":\"Nope\"}",
        "{\"type\":\"StockReserved\",\"version\":1}",
        "{\"type\":\"StockReserved\",\"eventId\":\"not-a-uuid\",\"version\":1,\"occurredAt\":\"2026-11-24T10:00:00Z\",\"orderNo\":\"O\"}"
    })
    void unreadableBodiesAreRejectedWithAClearException(String body) {
        assertThatThrownBy(() -> codec.decode(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableEventException.class);
    }

    @Test
    void aBodyOfAnotherTypeThanExpectedIsRejected() {
        byte[] body = codec.encode(new OrderTimeout(EventIds.newId(), 1, Instant.now(), "O-1"));

        assertThatThrownBy(() -> codec.decode(body, OrderPaid.class))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("OrderTimeout");
    }
}
