package io.txorders.order.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.messaging.contract.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SubscribedEventTypesTest {

    private final List<WebhookSubscription> stored = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();
    private Runnable duringRead = () -> { };
    private final SubscribedEventTypes types = new SubscribedEventTypes(() -> {
        reads.incrementAndGet();
        List<WebhookSubscription> snapshot = List.copyOf(stored);
        duringRead.run();
        return snapshot;
    }, Duration.ofSeconds(1), nanos::get);

    @Test
    void withoutSubscriptionsNoTypeIsWantedAndTheAnswerIsReadOncePerRefresh() {
        assertThat(types.anyWants(EventType.OrderCreated)).isFalse();
        assertThat(types.anyWants(EventType.OrderPaid)).isFalse();
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(types.anyWants(EventType.OrderCreated)).isFalse();

        assertThat(reads).hasValue(1);
    }

    @Test
    void onlyTheTypesOfActiveSubscriptionsAreWanted() {
        stored.add(subscription(1, true, EventType.OrderPaid));
        stored.add(subscription(2, false, EventType.OrderCancelled));

        assertThat(types.anyWants(EventType.OrderPaid)).isTrue();
        assertThat(types.anyWants(EventType.OrderCancelled)).isFalse();
        assertThat(types.anyWants(EventType.OrderCreated)).isFalse();
    }

    @Test
    void aSubscriptionMadeElsewhereCountsOnceTheRefreshPeriodPassed() {
        assertThat(types.anyWants(EventType.OrderPaid)).isFalse();
        stored.add(subscription(1, true, EventType.OrderPaid));

        assertThat(types.anyWants(EventType.OrderPaid)).isFalse();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(types.anyWants(EventType.OrderPaid)).isTrue();
    }

    @Test
    void afterAnInvalidationTheNextQuestionReadsAgain() {
        assertThat(types.anyWants(EventType.OrderPaid)).isFalse();
        stored.add(subscription(1, true, EventType.OrderPaid));

        types.invalidate();

        assertThat(types.anyWants(EventType.OrderPaid)).isTrue();
        assertThat(reads).hasValue(2);
    }

    @Test
    void aReadOverlappingAnInvalidationIsNotTrustedAfterIt() {
        // The read sees the rows before a subscription commits; the commit's invalidation lands while it runs.
        duringRead = () -> {
            stored.add(subscription(1, true, EventType.OrderPaid));
            types.invalidate();
            duringRead = () -> { };
        };
        assertThat(types.anyWants(EventType.OrderPaid)).isFalse();

        assertThat(types.anyWants(EventType.OrderPaid)).isTrue();
    }

    private static WebhookSubscription subscription(long id, boolean active, EventType type) {
        return new WebhookSubscription(id, "http://partner.example/" + id, Set.of(type), "0123456789abcdef", active,
                Instant.EPOCH);
    }
}
