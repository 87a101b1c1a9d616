package io.txorders.order.messaging;

import io.txorders.messaging.contract.EventType;
import io.txorders.order.txstate.CommittedPublish;
import io.txorders.order.txstate.CommittedPublishSender;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.springframework.stereotype.Component;

/**
 * Republishes a committed event through the transactional producer: the topic only takes TRANSACTION messages (the
 * proxy checks the message type), so the copy is a half message committed at once. Its keys are the event id and
 * order number as in the original, so a check-back on the copy reads the same COMMITTED row.
 */
@Component
class RocketMqCommittedPublishSender implements CommittedPublishSender {

    private final Producer producer;
    private final ClientServiceProvider provider;

    RocketMqCommittedPublishSender(Producer producer, ClientServiceProvider provider) {
        this.producer = producer;
        this.provider = provider;
    }

    /** The message as the publisher built it, from the row's event type, keys and stored body. */
    Message message(CommittedPublish publish) {
        EventType type = EventType.valueOf(publish.eventType());
        return provider.newMessageBuilder()
                .setTopic(type.topic().topicName())
                .setTag(type.tag())
                .setKeys(publish.txId().toString(), publish.orderNo())
                .setBody(publish.messageBody())
                .build();
    }

    @Override
    public boolean republish(CommittedPublish publish) {
        Transaction transaction;
        try {
            transaction = producer.beginTransaction();
            producer.send(message(publish), transaction);
        } catch (ClientException e) {
            throw new IllegalStateException("RocketMQ did not take the republished " + publish.eventType()
                    + " eventId=" + publish.txId() + ": " + e.getMessage(), e);
        }
        try {
            transaction.commit();
            return true;
        } catch (ClientException | RuntimeException e) {
            return false;
        }
    }
}
