package io.txorders.messaging.rocketmq;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The condition behind {@link ConditionalOnBatchReceiving}. */
final class OnBatchReceivingCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnBatchReceiving.class.getName());
        String prefix = (String) attributes.get("value");
        Binder binder = Binder.get(context.getEnvironment());
        return binder.bind(prefix + ".enabled", Boolean.class).orElse(true)
                && binder.bind(prefix + ".mode", ConsumptionMode.class).orElse(ConsumptionMode.BATCH)
                        == ConsumptionMode.BATCH;
    }
}
