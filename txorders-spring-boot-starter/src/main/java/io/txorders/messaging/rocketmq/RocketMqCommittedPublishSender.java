package io.txorders.messaging.rocketmq;

import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.publish.CommittedPublish;
import io.txorders.messaging.publish.CommittedPublishSender;
import java.util.UUID;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.Transaction;

/**
 * Republishes a committed event through the transactional producer: the topic only takes TRANSACTION messages (the
 * proxy checks the message type), so the copy is a half message committed at once. Its keys are the event id and
 * order number as in the original, so a check-back on the copy reads the same COMMITTED row.
 */
public class RocketMqCommittedPublishSender implements CommittedPublishSender {

    private final Producer producer;
    private final ClientServiceProvider provider;

    public RocketMqCommittedPublishSender(Producer producer, ClientServiceProvider provider) {
        this.producer = producer;
        this.provider = provider;
    }

    /**
     * The message of one event, built the same way for the first publish and for a republish, so a copy is the
     * original byte for byte: topic and tag from the event type, keys event id then order number, the encoded body.
     */
    static Message eventMessage(ClientServiceProvider provider, EventType type, UUID eventId, String orderNo,
                                     byte[] body) {
        return provider.newMessageBuilder()
                .setTopic(type.topic().topicName())
                .setTag(type.tag())
                .setKeys(eventId.toString(), orderNo)
                .setBody(body)
                .build();
    }

    private Message message(CommittedPublish publish) {
        return eventMessage(provider, EventType.valueOf(publish.eventType()), publish.txId(), publish.orderNo(),
                publish.messageBody());
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
