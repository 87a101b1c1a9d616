package io.txorders.inventory.messaging;

import io.txorders.inventory.reservation.ReservationService;
import io.txorders.messaging.contract.OrderCancelled;
import io.txorders.messaging.contract.OrderCreated;
import io.txorders.messaging.contract.OrderPaid;
import io.txorders.messaging.inbox.ConsumeOutcome;
import io.txorders.messaging.inbox.IdempotentConsumer;
import io.txorders.messaging.inbox.InboundMessage;
import java.util.List;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.MessageListener;
import org.apache.rocketmq.client.apis.message.MessageView;

/** Routes order-events to the reservation ledger, through the inbox. */
class OrderEventsListener implements MessageListener {

    private final IdempotentConsumer consumer;
    private final ReservationService reservations;

    OrderEventsListener(IdempotentConsumer consumer, ReservationService reservations) {
        this.consumer = consumer;
        this.reservations = reservations;
    }

    @Override
    public ConsumeResult consume(MessageView message) {
        return handle(inbound(message)) ? ConsumeResult.SUCCESS : ConsumeResult.FAILURE;
    }

    /** @return whether the message is done with (acknowledge it) */
    boolean handle(InboundMessage message) {
        return consumer.consume(message, event -> {
            if (event instanceof OrderCreated created) {
                return reservations.reserve(created);
            } else if (event instanceof OrderPaid paid) {
                return reservations.confirm(paid);
            } else if (event instanceof OrderCancelled cancelled) {
                return reservations.release(cancelled);
            }
            return ConsumeOutcome.REJECTED;
        });
    }

    static InboundMessage inbound(MessageView message) {
        byte[] body = new byte[message.getBody().remaining()];
        message.getBody().duplicate().get(body);
        return new InboundMessage(message.getTopic(), message.getMessageId().toString(), message.getTag().orElse(null),
                List.copyOf(message.getKeys()), body, message.getDeliveryAttempt());
    }
}
