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
 * Which event types at least one active subscription wants: decides the webhook consumer's tag filter
 * ({@link WebhookEventFilter}), so the group receives no event no partner wants, and lets the consumer acknowledge
 * one it still receives (while a filter change takes effect) without a transaction or an inbox row. Read from the
 * database at most once per {@code refresh}, and again on the next question after {@link #invalidate()}.
 *
 * <p>Staleness: a subscription made or ended through this instance counts from the next question after its commit
 * ({@link #invalidate()} is called then); one made through another instance counts within {@code refresh}. The
 * delivery contract built on this is {@link WebhookProperties#activationDelay}. A failed read throws to the caller.
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
        return current().contains(type);
    }

    /**
     * The event types some active subscription wants, read again if the last read is {@code refresh} old or older or
     * an {@link #invalidate()} came after it.
     *
     * @throws RuntimeException when the read fails (the last snapshot is then not used either)
     */
    Set<EventType> current() {
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
            current = new Snapshot(Set.copyOf(types), readGeneration, now);
            snapshot = current;
        }
        return current.types();
    }

    /** The subscriptions changed: the next question reads them again. */
    void invalidate() {
        generation.incrementAndGet();
    }
}
