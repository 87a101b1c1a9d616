package io.txorders.messaging.rocketmq;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when this instance receives a group in batches: {@code <prefix>.enabled} (default {@code true}) and
 * {@code <prefix>.mode} is {@link ConsumptionMode#BATCH} (the default), both read as the service's constructor-bound
 * settings read them. A text comparison such as {@code @ConditionalOnProperty(havingValue = "batch")} disagrees with
 * that binding on some values (an empty one, {@code yes} for {@code true}) and leaves the group with no consumer at
 * all, silently. A mode that does not bind fails the start-up.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnBatchReceivingCondition.class)
public @interface ConditionalOnBatchReceiving {

    /** The prefix of the group's consumer settings, e.g. {@code inventory.consumer}. */
    String value();
}
