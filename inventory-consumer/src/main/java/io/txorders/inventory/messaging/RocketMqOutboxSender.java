package io.txorders.inventory.messaging;

import io.txorders.inventory.outbox.OutboxEntry;
import io.txorders.inventory.outbox.OutboxMessageSender;
import io.txorders.messaging.contract.EventType;
import java.nio.charset.StandardCharsets;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.springframework.stereotype.Component;

/** Sends outbox rows to their topic as NORMAL messages; keys are the event id and the order number. */
@Component
class RocketMqOutboxSender implements OutboxMessageSender {

    private final Producer producer;
    private final ClientServiceProvider provider;

    RocketMqOutboxSender(Producer producer, ClientServiceProvider provider) {
        this.producer = producer;
        this.provider = provider;
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
