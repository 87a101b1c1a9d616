package io.txorders.inventory.messaging;

import io.txorders.inventory.outbox.OutboxEntry;
import io.txorders.inventory.outbox.OutboxMessageSender;
import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.rocketmq.StartingProducer;
import java.nio.charset.StandardCharsets;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.springframework.stereotype.Component;

/** Sends outbox rows to their topic as NORMAL messages; keys are the event id and the order number. */
@Component
class RocketMqOutboxSender implements OutboxMessageSender {

    private final StartingProducer producer;
    private final ClientServiceProvider provider;

    RocketMqOutboxSender(StartingProducer producer, ClientServiceProvider provider) {
        this.producer = producer;
        this.provider = provider;
    }

    /** Not before the producer is started: a row's attempts are for the broker's answers, not for start-up. */
    @Override
    public boolean ready() {
        return producer.isStarted();
    }

    @Override
    public void send(OutboxEntry entry) {
        EventType type = EventType.valueOf(entry.eventType());
        try {
            producer.send(provider.newMessageBuilder()
                    .setTopic(type.topic().topicName())
                    .setTag(type.tag())
                    .setKeys(entry.eventId().toString(), entry.orderNo())
                    .setBody(entry.payload().getBytes(StandardCharsets.UTF_8))
                    .build());
        } catch (ClientException e) {
            throw new IllegalStateException("RocketMQ did not confirm " + type + " eventId=" + entry.eventId(), e);
        }
    }
}
