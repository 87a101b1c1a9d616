package io.txorders.messaging.rocketmq;

import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.inbox.DeadLetters;
import io.txorders.messaging.inbox.InboundMessage;
import java.util.Map;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;

/**
 * Records what the broker moved to a group's {@code %DLQ%} topic (a message that failed its last redelivery) in
 * this service's {@code dead_letter} table, with the {@code txorders.dlq.messages} counter and an ERROR log line,
 * so it can be listed and resubmitted ({@code scripts/dlq.sh}). Reads with a group of its own
 * ({@link ConsumerGroup#deadLetterCaptureGroup()}); recording is idempotent per message id.
 */
public final class DeadLetterCapture {

    private DeadLetterCapture() {
    }

    /** Builds and starts the capture consumer of {@code group}'s dead-letter topic. */
    public static PushConsumer start(ClientConfiguration configuration, ConsumerGroup group, DeadLetters deadLetters)
            throws ClientException {
        return ClientServiceProvider.loadService().newPushConsumerBuilder()
                .setClientConfiguration(configuration)
                .setConsumerGroup(group.deadLetterCaptureGroup())
                .setSubscriptionExpressions(Map.of(group.deadLetterTopic(), FilterExpression.SUB_ALL))
                .setConsumptionThreadCount(1)
                .setMessageListener(message -> capture(deadLetters, group, InboundMessages.from(message)))
                .build();
    }

    /**
     * Records one message of the dead-letter topic. A failure is counted and logged ({@link DeadLetters#captureFailed})
     * and answered FAILURE, so the broker delivers it again; the client would otherwise log it only to its own file.
     */
    static ConsumeResult capture(DeadLetters deadLetters, ConsumerGroup group, InboundMessage message) {
        try {
            deadLetters.record(group.groupName(), message,
                    "exhausted the broker's redeliveries (moved to " + group.deadLetterTopic() + ")");
            return ConsumeResult.SUCCESS;
        } catch (RuntimeException e) {
            deadLetters.captureFailed(group.groupName(), message, e);
            return ConsumeResult.FAILURE;
        }
    }
}
