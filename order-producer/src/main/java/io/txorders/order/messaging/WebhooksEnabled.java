package io.txorders.order.messaging;

import io.txorders.order.webhook.WebhookProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether this instance receives order events for webhooks: {@code webhooks.enabled} of the bound
 * {@link WebhookProperties}, the very value the group's own flag is, so the two cannot disagree. A text comparison
 * took {@code WEBHOOKS_ENABLED=yes} (or {@code 1}, {@code on}) for false while the binding took it for true: the group
 * then captured dead letters with nothing receiving its events, and no webhook was ever written.
 */
final class WebhooksEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return Binder.get(context.getEnvironment()).bindOrCreate("webhooks", WebhookProperties.class).enabled();
    }
}
