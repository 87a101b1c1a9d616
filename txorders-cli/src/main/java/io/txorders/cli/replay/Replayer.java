package io.txorders.cli.replay;

import io.txorders.cli.admin.ConsumerCounters;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Topic;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    public Replayer(ConsumerCounters counters, ConsumeOffsets admin, PrintStream progress, Clock clock) {
        this.counters = counters;
        this.admin = admin;
        this.progress = progress;
        this.clock = clock;
    }

    /** Replays the group on all topics it consumes; blocks until it caught up or {@code timeout} passed. */
    public Result replay(ConsumerGroup group, Instant since, Instant until, Duration margin, Duration timeout)
            throws InterruptedException {
        return replay(group, group.topics(), since, until, margin, timeout);
    }

    public Result replay(ConsumerGroup group, List<Topic> topics, Instant since, Instant until, Duration margin,
                  Duration timeout) throws InterruptedException {
        Instant started = clock.instant();
        ConsumerCounters.Counts before = counters.of(group);
        // Never before the epoch: the broker reads a negative timestamp as "reset to the end".
        Instant resetTo = since.minus(margin).isBefore(Instant.EPOCH) ? Instant.EPOCH : since.minus(margin);
        long inWindow = 0;
        long toRedeliver = 0;
        for (Topic topic : topics) {
            inWindow += admin.countBetween(topic.topicName(), since, until);
            Map<String, Long> offsets = admin.resetOffsetByTime(topic.topicName(), group.groupName(), resetTo);
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
        Instant nextReport = clock.instant();
        while (clock.instant().isBefore(deadline)) {
            Thread.sleep(POLL.toMillis());
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
                    firstChange = changedAt.minus(POLL);
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
            // Caught up: nothing left behind the offsets, and since then the counters have been still for QUIET
            // (the offset moves when a batch is handed out, before the consumer has handled it).
            if (notConsumed > 0 || inFlight > 0) {
                noLagSince = null;
            } else if (noLagSince == null) {
                noLagSince = clock.instant();
            }
            Instant stillSince = noLagSince == null || changedAt.isAfter(noLagSince) ? changedAt : noLagSince;
            if (noLagSince != null && !clock.instant().isBefore(stillSince.plus(QUIET))) {
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
