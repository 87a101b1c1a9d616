package io.txorders.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txorders.cli.admin.AdminApi;
import io.txorders.cli.admin.ConsumerCounters;
import io.txorders.cli.admin.ServiceEndpoints;
import io.txorders.cli.admin.StandInAdminApi;
import io.txorders.cli.admin.StandInAdminApi.Answer;
import io.txorders.messaging.contract.ConsumerGroup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When a replay is done, and when it must not start, against a stand-in broker (one queue) and a stand-in
 * inventory-consumer whose counters the test drives. Time is the test's: each poll of the lag moves it 2 s on.
 */
class ReplayerTest {

    private static final String TOKEN = "secret";
    private static final Instant SINCE = Instant.parse("2026-12-01T08:00:00Z");

    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final StandInAdminApi inventory = StandInAdminApi.start("/admin/consumers", TOKEN, request ->
            Answer.ok("{\"groups\":{\"inventory-consumer\":{\"applied\":" + applied.get() + ",\"duplicate\":0,"
                    + "\"rejected\":0,\"ignored\":0,\"failed\":" + failed.get() + "}}}"));
    private final TestClock clock = new TestClock(SINCE.plus(Duration.ofHours(1)));
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        inventory.close();
    }

    /**
     * New orders keep coming while the group re-consumes, so its counters never stand still: the replay is done once
     * the offsets passed the end the queue had at the reset, and the messages handed out by then had time to be
     * handled. It used to wait for counters still for 10 s, and on a live system always ended "NOT caught up".
     */
    @Test
    void onALiveSystemTheReplayEndsOnceTheOffsetsPassedTheQueuesEndAtTheReset() throws Exception {
        OneQueue broker = new OneQueue(1_000, 1_000, 900, queue -> {
            queue.end += 3; // new orders
            long handedOut = Math.min(queue.end, queue.consumer + 20) - queue.consumer;
            queue.consumer += handedOut;
            applied.addAndGet(handedOut);
        }) {
            /** And an empty queue, as topics have: the broker reports offset 0 of 0 for it. */
            @Override
            public Map<String, QueueOffsets> offsets(String topic, String group) {
                return Map.of("broker-a/0", new QueueOffsets(consumer, end), "broker-a/1", new QueueOffsets(0, 0));
            }
        };

        Replayer.Result result = replayer(broker).replay(ConsumerGroup.INVENTORY, SINCE, clock.instant(),
                Duration.ofSeconds(5), Duration.ofMinutes(10));

        assertThat(result.caughtUp()).as(progress.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(result.took()).isLessThan(Duration.ofMinutes(2));
        assertThat(broker.resets).containsExactly(SINCE.minusSeconds(5));
    }

    /**
     * Everything re-delivered was handed out at once (the offsets are past the queue's end at the reset), but the
     * consumer fails each message (its database is down): that is not caught up, however long it lasts.
     */
    @Test
    void aGroupThatFailsWhatItWasHandedIsNotCaughtUp() throws Exception {
        OneQueue broker = new OneQueue(1_000, 1_000, 900, queue -> {
            queue.end += 3;
            queue.consumer = queue.end; // all handed out at once
            failed.addAndGet(3);
        });

        Replayer.Result result = replayer(broker).replay(ConsumerGroup.INVENTORY, SINCE, clock.instant(),
                Duration.ofSeconds(5), Duration.ofMinutes(2));

        assertThat(result.caughtUp()).isFalse();
    }

    /**
     * A group further behind than the requested start: a reset there would move it past messages it never consumed,
     * and they would never be delivered. Nothing is reset.
     */
    @Test
    void aResetPastMessagesTheGroupHasNotConsumedIsRefusedBeforeAnyReset() {
        OneQueue broker = new OneQueue(1_000, 400, 900, queue -> { });

        assertThatThrownBy(() -> replayer(broker).replay(ConsumerGroup.INVENTORY, SINCE, clock.instant(),
                Duration.ofSeconds(5), Duration.ofMinutes(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inventory-consumer has not consumed 500 message(s) of order-events")
                .hasMessageContaining("Nothing was reset");
        assertThat(broker.resets).isEmpty();
    }

    /** A queue the group never committed an offset on says nothing about what it skipped: the replay goes ahead. */
    @Test
    void aQueueWithoutACommittedOffsetDoesNotStopTheReplay() throws Exception {
        OneQueue broker = new OneQueue(1_000, 0, 900, queue -> { });

        replayer(broker).replay(ConsumerGroup.INVENTORY, SINCE, clock.instant(), Duration.ofSeconds(5),
                Duration.ofSeconds(10));

        assertThat(broker.resets).containsExactly(SINCE.minusSeconds(5));
    }

    private Replayer replayer(ConsumeOffsets broker) {
        ServiceEndpoints endpoints = ServiceEndpoints.from(Map.of("TXORDERS_INVENTORY_URL", inventory.url(),
                "TXORDERS_ADMIN_TOKEN", TOKEN));
        return new Replayer(new ConsumerCounters(endpoints, new AdminApi(TOKEN)), broker,
                new PrintStream(progress, true, StandardCharsets.UTF_8), clock, Duration.ofMillis(5));
    }

    /**
     * One queue of order-events: its end, the group's offset, and the offset of the first message at the reset. Each
     * look at the lag (once per poll) moves the test's time on by 2 s and lets {@code eachPoll} move the queue.
     */
    private class OneQueue implements ConsumeOffsets {

        long end;
        long consumer;
        final long atReset;
        final java.util.function.Consumer<OneQueue> eachPoll;
        final List<Instant> resets = new ArrayList<>();

        OneQueue(long end, long consumer, long atReset, java.util.function.Consumer<OneQueue> eachPoll) {
            this.end = end;
            this.consumer = consumer;
            this.atReset = atReset;
            this.eachPoll = eachPoll;
        }

        @Override
        public Map<String, Long> resetOffsetByTime(String topic, String group, Instant at) {
            resets.add(at);
            consumer = atReset;
            return Map.of("broker-a/0", atReset);
        }

        @Override
        public Lag lag(String topic, String group) {
            clock.advance(Duration.ofSeconds(2));
            eachPoll.accept(this);
            return new Lag(end - consumer, end == consumer ? 0 : 5);
        }

        @Override
        public long countBetween(String topic, Instant from, Instant to) {
            return 50;
        }

        @Override
        public Map<String, QueueOffsets> offsets(String topic, String group) {
            return Map.of("broker-a/0", new QueueOffsets(consumer, end));
        }

        /** The offset at the reset time; at the epoch, 0: nothing has expired from this queue. */
        @Override
        public Map<String, Long> offsetsAt(String topic, Instant at) {
            return Map.of("broker-a/0", at.equals(Instant.EPOCH) ? 0L : atReset);
        }

        @Override
        public void close() {
        }
    }

    private static final class TestClock extends Clock {

        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
