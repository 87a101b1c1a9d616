package io.txorders.messaging.contract;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON bodies of events: one flat object per event with a {@code type} field, e.g.
 * {@code {"type":"OrderCreated","eventId":"…","version":1,"occurredAt":"…","orderNo":"…",…}}.
 *
 * <p>Readers tolerate unknown fields (newer producers may add some); a body that is not JSON, lacks
 * required fields or names another type than expected is an {@link UnreadableEventException}.
 * Thread-safe.
 */
public final class EventCodec {

    private static final Map<EventType, Class<? extends Event>> CLASSES = Map.of(
            EventType.OrderCreated, OrderCreated.class,
            EventType.OrderPaid, OrderPaid.class,
            EventType.OrderCancelled, OrderCancelled.class,
            EventType.StockReserved, StockReserved.class,
            EventType.StockRejected, StockRejected.class,
            EventType.OrderTimeout, OrderTimeout.class);

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Money keeps its scale: 19.90 stays 19.90, never the double 19.9.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    /** The UTF-8 JSON body of an event. */
    public byte[] encode(Event event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("type", event.type().name());
        node.setAll((ObjectNode) mapper.valueToTree(event));
        return mapper.writeValueAsBytes(node);
    }

    /**
     * Reads a body, whatever its type.
     *
     * @throws UnreadableEventException if the body is not a readable event
     */
    public Event decode(byte[] body) {
        JsonNode node = readTree(body);
        JsonNode type = node.get("type");
        if (type == null || !type.isString()) {
            throw new UnreadableEventException("event body has no type field");
        }
        EventType eventType;
        try {
            eventType = EventType.valueOf(type.asString());
        } catch (IllegalArgumentException e) {
            throw new UnreadableEventException("unknown event type " + type.asString(), e);
        }
        return read(node, CLASSES.get(eventType));
    }

    /**
     * Reads a body that must be an event of the given class.
     *
     * @throws UnreadableEventException if the body is not a readable event of that class
     */
    public <E extends Event> E decode(byte[] body, Class<E> expected) {
        Event event = decode(body);
        if (!expected.isInstance(event)) {
            throw new UnreadableEventException("expected " + expected.getSimpleName() + " but body is " + event.type());
        }
        return expected.cast(event);
    }

    private JsonNode readTree(byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw new UnreadableEventException("event body is not a JSON object: " + preview(body));
            }
            return node;
        } catch (JacksonException e) {
            throw new UnreadableEventException("event body is not JSON: " + preview(body), e);
        }
    }

    private <E extends Event> E read(JsonNode node, Class<E> type) {
        try {
            E event = mapper.treeToValue(node, type);
            if (event.eventId() == null || event.orderNo() == null || event.occurredAt() == null) {
                throw new UnreadableEventException(type.getSimpleName() + " lacks eventId, orderNo or occurredAt");
            }
            return event;
        } catch (JacksonException | NullPointerException e) {
            throw new UnreadableEventException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
