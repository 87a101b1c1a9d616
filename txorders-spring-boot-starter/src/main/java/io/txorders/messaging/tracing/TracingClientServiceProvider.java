package io.txorders.messaging.tracing;

import java.util.function.Supplier;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.LitePushConsumerBuilder;
import org.apache.rocketmq.client.apis.consumer.PushConsumerBuilder;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumerBuilder;
import org.apache.rocketmq.client.apis.message.MessageBuilder;
import org.apache.rocketmq.client.apis.producer.ProducerBuilder;

/**
 * The service's {@link ClientServiceProvider} whose message builders start with the current trace context as message
 * properties ({@link MessageTracing#current()}), so every message a service builds from within traced work (an HTTP
 * request, a consumer's handler) continues that trace, without each publisher having to remember it. A property
 * the caller adds with the same name replaces it (the outbox relay sets the context stored with its row this way).
 */
public final class TracingClientServiceProvider implements ClientServiceProvider {

    private final ClientServiceProvider delegate;
    private final Supplier<MessageTracing> tracing;

    /** @param tracing looked up on each message, so it may be created after the provider */
    public TracingClientServiceProvider(ClientServiceProvider delegate, Supplier<MessageTracing> tracing) {
        this.delegate = delegate;
        this.tracing = tracing;
    }

    @Override
    public MessageBuilder newMessageBuilder() {
        return tracing.get().current().addTo(delegate.newMessageBuilder());
    }

    @Override
    public ProducerBuilder newProducerBuilder() {
        return delegate.newProducerBuilder();
    }

    @Override
    public PushConsumerBuilder newPushConsumerBuilder() {
        return delegate.newPushConsumerBuilder();
    }

    @Override
    public LitePushConsumerBuilder newLitePushConsumerBuilder() {
        return delegate.newLitePushConsumerBuilder();
    }

    @Override
    public SimpleConsumerBuilder newSimpleConsumerBuilder() {
        return delegate.newSimpleConsumerBuilder();
    }
}
