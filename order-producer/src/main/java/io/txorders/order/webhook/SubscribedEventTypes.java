package io.txorders.order.webhook;

import io.txorders.messaging.contract.EventType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Which event types at least one active subscription wants: lets the webhook consumer acknowledge an event that no
 * partner wants without a transaction or an inbox row (with no subscriptions, that was one database write per
 * order event for nothing). Read from the database at most once per {@code refresh}, and again on the next question
 * after {@link #invalidate()}.
 *
 * <p>Staleness, the contract: a subscription made or ended through this instance counts from the first event
 * consumed after its commit ({@link #invalidate()} is called then); one made through another instance counts within
 * {@code refresh}. Events consumed before that are not delivered to it, as events published before it was made are
 * not. A failed read throws to the caller (the consumer retries, then the broker redelivers).
 */
final class SubscribedEventTypes {

    private record Snapshot(Set<EventType> types, long generation, long readAtNanos) {
    }

    private final Supplier<List<WebhookSubscription>> activeSubscriptions;
    private final long refreshNanos;
    private final LongSupplier nanoTime;
    /** Bumped by {@link #invalidate()}: a snapshot read before the bump is never used after it. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Snapshot snapshot;

    SubscribedEventTypes(Supplier<List<WebhookSubscription>> activeSubscriptions, Duration refresh,
                         LongSupplier nanoTime) {
        this.activeSubscriptions = activeSubscriptions;
        this.refreshNanos = refresh.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Whether some active subscription wants events of this type. */
    boolean anyWants(EventType type) {
        Snapshot current = snapshot;
        long now = nanoTime.getAsLong();
        if (current == null || current.generation() != generation.get()
                || now - current.readAtNanos() >= refreshNanos) {
            // The generation is taken before the read: a subscription committed during the read bumps it, and this
            // snapshot is then read again on the next question rather than trusted for a whole refresh period.
            long readGeneration = generation.get();
            Set<EventType> types = EnumSet.noneOf(EventType.class);
            for (WebhookSubscription subscription : activeSubscriptions.get()) {
                if (subscription.active()) {
                    types.addAll(subscription.events());
                }
            }
            current = new Snapshot(types, readGeneration, now);
            snapshot = current;
        }
        return current.types().contains(type);
    }

    /** The subscriptions changed: the next question reads them again. */
    void invalidate() {
        generation.incrementAndGet();
    }
}
