package io.txorders.cli.replay;

import io.txorders.cli.admin.ConsumerCounters;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Topic;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a consumer group: resets its consume offsets by time through the RocketMQ admin API, so the
 * running consumers re-consume from there, and follows it until the group has caught up.
 *
 * <p>Why an offset reset and not a separate reader: RocketMQ 5 brokers apply the reset on the server side,
 * which pop-based gRPC consumers honour on their next receive, so the messages go through the very same
 * consumers, handlers and inbox as the first time. The inbox makes this safe: what was applied is skipped as
 * a duplicate, what was missed is applied now. Messages after {@code until} are re-delivered too (a reset has
 * no end) and skipped the same way.
 *
 * <p>The counts come from {@link ConsumerCounters} (every instance's {@code txorders.consumer.messages}), before
 * and after.
 */
public final class Replayer {

    private static final Duration POLL = Duration.ofSeconds(1);
    /**
     * Caught up = no lag and the counters unchanged for this long. The offset moves when the broker hands a
     * batch out (and past messages a tag filter skips); with a tag filter the consumer was seen to handle the
     * batch about 5 s after the lag reached zero.
     */
    private static final Duration QUIET = Duration.ofSeconds(10);
    /**
     * On a live system the counters never stand still. Once the offsets have passed the end the queues had at the
     * reset, the replay is done when, for this long, the group made no failed attempt and handled no more messages
     * than arrived: it keeps pace with new messages instead of still working off re-delivered ones it was handed.
     */
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final ConsumerCounters counters;
    private final ConsumeOffsets admin;
    private final PrintStream progress;
    private final Clock clock;

    /**
     * @param resetTo where the offsets were reset to (a margin before the requested start)
     * @param toRedeliver messages behind the reset offsets when the replay started
     * @param inWindow messages stored in the requested window
     * @param handled what the consumers did with the re-delivered messages
     * @param caughtUp whether the group caught up before the timeout
     * @param active from the first to the last change of the counters seen while polling (the re-consumption itself)
     */
    public record Result(ConsumerGroup group, Instant resetTo, long toRedeliver, long inWindow,
                  ConsumerCounters.Counts handled, boolean caughtUp, Duration took, Duration active) {
    }

    private final Duration poll;

    public Replayer(ConsumerCounters counters, ConsumeOffsets admin, PrintStream progress, Clock clock) {
        this(counters, admin, progress, clock, POLL);
    }

    Replayer(ConsumerCounters counters, ConsumeOffsets admin, PrintStream progress, Clock clock, Duration poll) {
        this.counters = counters;
        this.admin = admin;
        this.progress = progress;
        this.clock = clock;
        this.poll = poll;
    }

    /**
     * Replays the group on all topics it consumes; blocks until it caught up or {@code timeout} passed.
     *
     * @throws IllegalStateException before any reset, when the reset would move the group past messages it has not
     *         consumed yet (it is further behind than {@code since - margin}): they would never be delivered
     */
    public Result replay(ConsumerGroup group, Instant since, Instant until, Duration margin, Duration timeout)
            throws InterruptedException {
        return replay(group, group.topics(), since, until, margin, timeout);
    }

    public Result replay(ConsumerGroup group, List<Topic> topics, Instant since, Instant until, Duration margin,
                  Duration timeout) throws InterruptedException {
        Instant started = clock.instant();
        // Never before the epoch: the broker reads a negative timestamp as "reset to the end".
        Instant resetTo = since.minus(margin).isBefore(Instant.EPOCH) ? Instant.EPOCH : since.minus(margin);
        for (Topic topic : topics) {
            refuseAResetPastUnconsumed(group, topic, resetTo);
        }
        ConsumerCounters.Counts before = counters.of(group);
        long inWindow = 0;
        long toRedeliver = 0;
        // Per topic and queue, the end of the queue at the reset: the group has had all it is to re-consume once
        // its offsets are there.
        Map<Topic, Map<String, Long>> targets = new LinkedHashMap<>();
        for (Topic topic : topics) {
            inWindow += admin.countBetween(topic.topicName(), since, until);
            Map<String, Long> offsets = admin.resetOffsetByTime(topic.topicName(), group.groupName(), resetTo);
            Map<String, Long> ends = new LinkedHashMap<>();
            admin.offsets(topic.topicName(), group.groupName()).forEach((queue, at) -> ends.put(queue, at.end()));
            if (!ends.isEmpty()) {
                targets.put(topic, ends);
            }
            long behind = admin.lag(topic.topicName(), group.groupName()).notConsumed();
            toRedeliver += behind;
            progress.printf("replay %s: %s reset to %s (%d queues, %d messages to re-deliver)%n", group.groupName(),
                    topic.topicName(), resetTo, offsets.size(), behind);
        }
        Instant deadline = started.plus(timeout);
        ConsumerCounters.Counts last = null;
        Instant changedAt = clock.instant();
        Instant firstChange = null;
        Instant noLagSince = null;
        SettleWindow settling = null;
        Instant nextReport = clock.instant();
        while (clock.instant().isBefore(deadline)) {
            Thread.sleep(poll.toMillis());
            long notConsumed = 0;
            long inFlight = 0;
            for (Topic topic : topics) {
                ConsumeOffsets.Lag lag = admin.lag(topic.topicName(), group.groupName());
                notConsumed += lag.notConsumed();
                inFlight += lag.inFlight();
            }
            ConsumerCounters.Counts now = counters.of(group).minus(before);
            if (!now.equals(last)) {
                changedAt = clock.instant();
                if (last != null && firstChange == null) {
                    firstChange = changedAt.minus(poll);
                }
            }
            last = now;
            if (!clock.instant().isBefore(nextReport)) {
                progress.printf("%s replay %s: %d handled (%d applied, %d duplicates, %d rejected, %d failed), lag %d, "
                                + "in flight %d%n", java.time.LocalTime.now(clock.withZone(java.time.ZoneId.systemDefault()))
                                .withNano(0), group.groupName(), now.handled(), now.applied(), now.duplicate(),
                        now.rejected(), now.failed(), notConsumed, inFlight);
                nextReport = clock.instant().plusSeconds(2);
            }
            // Re-delivered: the offsets passed the ends the queues had at the reset (without them: nothing left
            // behind the offsets). Caught up: re-delivered, nothing in flight, and since then the counters have been
            // still for QUIET (the offset moves when a batch is handed out, before the consumer has handled it); or,
            // as new messages keep coming, re-delivered and settled for SETTLE (see there).
            Delivery delivery = targets.isEmpty() ? new Delivery(notConsumed == 0, 0) : delivery(group, targets);
            boolean reached = delivery.reached();
            if (!reached || targets.isEmpty()) {
                settling = null;
            } else if (settling == null || now.failed() > settling.at().failed()
                    || now.handled() - settling.at().handled() > delivery.ends() - settling.ends()) {
                settling = new SettleWindow(clock.instant(), now, delivery.ends());
            }
            if (!reached || inFlight > 0) {
                noLagSince = null;
            } else if (noLagSince == null) {
                noLagSince = clock.instant();
            }
            Instant stillSince = noLagSince == null || changedAt.isAfter(noLagSince) ? changedAt : noLagSince;
            boolean quiet = noLagSince != null && !clock.instant().isBefore(stillSince.plus(QUIET));
            boolean settled = settling != null && !clock.instant().isBefore(settling.since().plus(SETTLE));
            if (quiet || settled) {
                return new Result(group, resetTo, toRedeliver, inWindow, now, true,
                        Duration.between(started, clock.instant()),
                        firstChange == null ? Duration.ZERO : Duration.between(firstChange, changedAt));
            }
        }
        return new Result(group, resetTo, toRedeliver, inWindow,
                last == null ? ConsumerCounters.Counts.ZERO : last, false,
                Duration.between(started, clock.instant()),
                firstChange == null ? Duration.ZERO : Duration.between(firstChange, changedAt));
    }

    private void refuseAResetPastUnconsumed(ConsumerGroup group, Topic topic, Instant resetTo) {
        Map<String, ConsumeOffsets.QueueOffsets> offsets = admin.offsets(topic.topicName(), group.groupName());
        // The first message still stored: below it, expired messages can be delivered no more, skipped or not.
        Map<String, Long> oldest = admin.offsetsAt(topic.topicName(), Instant.EPOCH);
        long skipped = 0;
        for (Map.Entry<String, Long> reset : admin.offsetsAt(topic.topicName(), resetTo).entrySet()) {
            ConsumeOffsets.QueueOffsets queue = offsets.get(reset.getKey());
            // Offset 0: the broker's answer where the group never committed one, which says nothing.
            if (queue != null && queue.consumer() > 0) {
                long from = Math.max(queue.consumer(), oldest.getOrDefault(reset.getKey(), 0L));
                skipped += Math.max(0, reset.getValue() - from);
            }
        }
        if (skipped > 0) {
            throw new IllegalStateException(group.groupName() + " has not consumed " + skipped + " message(s) of "
                    + topic.topicName() + " stored before " + resetTo + ": a reset there would skip them. Nothing was "
                    + "reset; wait until the group has caught up, or replay from earlier");
        }
    }

    /** Whether the group's offsets passed the targets, and the sum of the queues' ends now (what has arrived). */
    private record Delivery(boolean reached, long ends) {
    }

    /** Since when the replay has been settling, with the counters and the queues' ends of that moment. */
    private record SettleWindow(Instant since, ConsumerCounters.Counts at, long ends) {
    }

    private Delivery delivery(ConsumerGroup group, Map<Topic, Map<String, Long>> targets) {
        boolean reached = true;
        long ends = 0;
        for (Map.Entry<Topic, Map<String, Long>> topic : targets.entrySet()) {
            Map<String, ConsumeOffsets.QueueOffsets> now = admin.offsets(topic.getKey().topicName(), group.groupName());
            for (Map.Entry<String, Long> target : topic.getValue().entrySet()) {
                ConsumeOffsets.QueueOffsets queue = now.get(target.getKey());
                reached &= queue != null && queue.consumer() >= target.getValue();
                ends += queue == null ? target.getValue() : queue.end();
            }
        }
        return new Delivery(reached, ends);
    }

    public static void printResult(Result result, PrintStream out) {
        ConsumerCounters.Counts handled = result.handled();
        out.printf("replay %s %s in %ds: %d re-delivered from %s, %d in the requested window; re-consumed %d "
                        + "(applied %d, rejected %d), duplicates skipped %d, failed attempts %d%n",
                result.group().groupName(), result.caughtUp() ? "caught up" : "NOT caught up",
                result.took().toSeconds(), result.toRedeliver(), result.resetTo(), result.inWindow(),
                handled.applied() + handled.rejected(), handled.applied(), handled.rejected(), handled.duplicate(),
                handled.failed());
    }
}
