package io.txorders.messaging.rocketmq;

import io.txorders.messaging.inbox.ConsumerGroupHandler;
import io.txorders.messaging.inbox.DeadLetters;
import java.util.List;
import java.util.stream.Stream;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;

/**
 * The dead-letter captures an instance runs: one {@link DeadLetterCapture} per {@link ConsumerGroupHandler} that
 * asks for it, registered with the {@link RocketMqClientStarter} as {@code <group>-dlq-capture}, so it is retried
 * while the broker is away at start-up and closed with the other clients.
 *
 * @param clients the registered captures, in the order of the handlers
 */
public record DeadLetterCaptures(List<StartingClient<PushConsumer>> clients) {

    /** Registers a capture for each handler with {@link ConsumerGroupHandler#captureDeadLetters()}. */
    public static DeadLetterCaptures register(RocketMqClientStarter starter, ClientConfiguration configuration,
                                              DeadLetters deadLetters, Stream<ConsumerGroupHandler> handlers) {
        return new DeadLetterCaptures(handlers.filter(ConsumerGroupHandler::captureDeadLetters)
                .map(handler -> starter.register(handler.group().groupName() + "-dlq-capture",
                        () -> DeadLetterCapture.start(configuration, handler.group(), deadLetters)))
                .toList());
    }
}
