package io.txorders.messaging.rocketmq;

import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Topic;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;

/**
 * Builds the simple consumers a service's {@link BatchReceivers} receive with: on the service's client configuration
 * ({@code rocketmq.*}), registered with the {@link RocketMqClientStarter} as {@code <group>-simple-consumer}, so each
 * is retried while the broker is away at start-up, counted in readiness until it started, and closed with the other
 * clients.
 */
public final class SimpleConsumers {

    private final RocketMqClientStarter starter;
    private final ClientServiceProvider provider;
    private final ClientConfiguration configuration;

    public SimpleConsumers(RocketMqClientStarter starter, ClientServiceProvider provider,
                           ClientConfiguration configuration) {
        this.starter = starter;
        this.provider = provider;
        this.configuration = configuration;
    }

    /**
     * Registers the simple consumer of {@code group} on one topic with a fixed tag expression.
     *
     * @param tags the tag expression: {@code *} for every message, {@code A||B} for some
     * @param await how long one receive waits at the broker for a message (its long poll)
     * @throws IllegalStateException once the starter began starting its clients (register while wiring)
     */
    public StartingClient<SimpleConsumer> register(ConsumerGroup group, Topic topic, String tags, Duration await) {
        return register(group, topic, () -> tags, await);
    }

    /**
     * Registers the simple consumer of {@code group} on one topic, subscribed with the tag expression {@code tags}
     * gives when the client is built (each attempt asks again). The subscription is {@link
     * BatchReceivers#subscription}'s, so a {@link BatchReceivers.FollowedFilter} may change it later.
     *
     * @param tags the tag expression wanted when the client is built; must not throw
     * @throws IllegalStateException once the starter began starting its clients (register while wiring)
     */
    public StartingClient<SimpleConsumer> register(ConsumerGroup group, Topic topic, Supplier<String> tags,
                                                   Duration await) {
        return starter.register(group.groupName() + "-simple-consumer", () -> provider.newSimpleConsumerBuilder()
                .setClientConfiguration(configuration)
                .setConsumerGroup(group.groupName())
                .setSubscriptionExpressions(BatchReceivers.subscription(topic.topicName(), tags.get()))
                .setAwaitDuration(await)
                .build());
    }
}
