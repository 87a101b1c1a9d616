package io.txorders.order.webhook;

import io.txorders.messaging.contract.EventType;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rule for which order events the webhook consumer group ({@code order-webhooks}) takes from the broker at all: a
 * tag expression (the tag of an event is its type's name) naming exactly the event types that some active
 * subscription wants. The broker filters by tag, so the group pops and acknowledges nothing else; with no
 * subscription the expression names a tag no event carries and the group consumes nothing.
 *
 * <p>What the broker does with an event the expression does not name: in the pop mode of rocketmq 5 gRPC consumers it
 * moves the group's offset past it (a "mock" checkpoint), so that event is never consumed by this group, not even
 * after the expression changes. Hence the delay in {@link WebhookProperties#activationDelay}: the contract is on
 * the events that occur after a subscription is in effect.
 */
public final class WebhookEventFilter {

    /** A tag no order event carries: the expression with no subscription, so the group receives nothing. */
    public static final String NO_EVENTS = "txorders-no-webhook-subscription";
    /** Every event of the topic: what the consumer takes when it cannot tell which types are subscribed. */
    public static final String ALL_EVENTS = "*";

    private WebhookEventFilter() {
    }

    /**
     * @param types the event types some active subscription wants
     * @return their tags joined by {@code ||} in the order of {@link EventType}, or {@link #NO_EVENTS} for none
     */
    public static String tagExpression(Set<EventType> types) {
        if (types.isEmpty()) {
            return NO_EVENTS;
        }
        return EnumSet.copyOf(types).stream().map(EventType::tag).collect(Collectors.joining("||"));
    }
}
