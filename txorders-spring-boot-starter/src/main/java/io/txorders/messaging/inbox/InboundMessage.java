package io.txorders.messaging.inbox;

import java.util.List;

/**
 * A received message, independent of the client library that received it.
 *
 * @param topic the topic it came from
 * @param messageId the broker's id (differs between a message and its resend; never the idempotency key)
 * @param tag the RocketMQ tag, the event type
 * @param keys the message keys: event id and order number
 * @param body the raw body
 * @param deliveryAttempt 1 for the first delivery, more on redeliveries
 */
public record InboundMessage(String topic, String messageId, String tag, List<String> keys, byte[] body,
                             int deliveryAttempt) {

    public InboundMessage {
        keys = List.copyOf(keys);
    }
}
