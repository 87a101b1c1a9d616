package io.txorders.order.messaging;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether this instance receives the reservation outcomes in batches ({@code order.consumer.enabled} and
 * {@code order.consumer.mode=batch}), decided from {@link OrderConsumerProperties} bound as the rest of the wiring
 * binds them. A property condition compares text while binding is lenient (an enum in any case, {@code yes} for
 * {@code true}): the two could disagree on a value and leave the group with no consumer at all, silently. A value that
 * does not bind fails the start-up instead.
 */
final class ReceivesOutcomesInBatches implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        OrderConsumerProperties consumer = Binder.get(context.getEnvironment())
                .bindOrCreate("order.consumer", OrderConsumerProperties.class);
        return consumer.enabled() && consumer.mode() == OrderConsumerProperties.Mode.BATCH;
    }
}
