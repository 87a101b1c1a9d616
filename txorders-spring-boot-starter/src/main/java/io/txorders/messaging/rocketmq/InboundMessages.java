package io.txorders.messaging.rocketmq;

import io.txorders.messaging.inbox.InboundMessage;
import java.util.List;
import org.apache.rocketmq.client.apis.message.MessageView;

/** The inbox's view of a message rocketmq-client-java delivered. */
public final class InboundMessages {

    private InboundMessages() {
    }

    /**
     * Copies the body (the view's buffer is not read), so the message stays readable after the listener returns, and
     * the user properties (the trace context among them).
     */
    public static InboundMessage from(MessageView message) {
        byte[] body = new byte[message.getBody().remaining()];
        message.getBody().duplicate().get(body);
        return new InboundMessage(message.getTopic(), message.getMessageId().toString(), message.getTag().orElse(null),
                List.copyOf(message.getKeys()), body, message.getDeliveryAttempt(),
                message.getProperties());
    }
}
