package io.txorders.messaging.inbox;

import io.txorders.messaging.contract.EventIds;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A received message, independent of the client library that received it.
 *
 * @param topic the topic it came from
 * @param messageId the broker's id (differs between a message and its resend; never the idempotency key)
 * @param tag the RocketMQ tag, the event type
 * @param keys the message keys: event id and order number
 * @param body the raw body
 * @param deliveryAttempt 1 for the first delivery, more on redeliveries
 * @param properties the message's user properties, among them the trace context it carries ({@code traceparent},
 *        {@code tracestate}); empty when it has none
 */
public record InboundMessage(String topic, String messageId, String tag, List<String> keys, byte[] body,
                             int deliveryAttempt, Map<String, String> properties) {

    public InboundMessage {
        keys = List.copyOf(keys);
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new HashMap<>(properties));
    }

    /** The event id among the keys ({@link EventIds#amongKeys}), for log lines; {@code "?"} when no key is one. */
    public String eventIdKey() {
        return EventIds.amongKeys(keys).map(UUID::toString).orElse("?");
    }

    /** The order number among the keys, for log lines: the first key that is not the event id, or {@code "?"}. */
    public String orderNoKey() {
        String eventId = eventIdKey();
        return keys.stream().filter(key -> !key.equalsIgnoreCase(eventId)).findFirst().orElse("?");
    }

    /** A message without properties (e.g. a dead letter read back for resubmission). */
    public InboundMessage(String topic, String messageId, String tag, List<String> keys, byte[] body,
                          int deliveryAttempt) {
        this(topic, messageId, tag, keys, body, deliveryAttempt, Map.of());
    }
}
