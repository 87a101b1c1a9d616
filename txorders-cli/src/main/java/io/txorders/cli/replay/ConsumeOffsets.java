package io.txorders.cli.replay;

import java.time.Instant;
import java.util.Map;

/**
 * What a replay needs from RocketMQ's admin side: move a group's consume offsets by time, see how far behind it is,
 * and count stored messages. {@link RemotingConsumeOffsets} talks to any name server; a caller that already has an
 * admin client (the lab's embedded stack) passes its own.
 */
public interface ConsumeOffsets extends AutoCloseable {

    /** How far a consumer group is behind on a topic. */
    record Lag(long notConsumed, long inFlight) {
        public boolean caughtUp() {
            return notConsumed == 0 && inFlight == 0;
        }
    }

    /**
     * Resets the group's consume offsets on the topic, on every broker, to the first message stored at or after
     * {@code at} (server-side reset: pop-based gRPC consumers pick it up on their next receive, while they run).
     *
     * @return the new offset per queue ({@code brokerName/queueId})
     */
    Map<String, Long> resetOffsetByTime(String topic, String group, Instant at);

    /** @return the group's lag on the topic */
    Lag lag(String topic, String group);

    /** @return how many messages of the topic were stored in {@code [from, to)} */
    long countBetween(String topic, Instant from, Instant to);

    /**
     * A queue's offsets for a group.
     *
     * @param consumer the next offset the broker hands the group; 0 also where it has none committed (then it says
     *        nothing about what a reset would skip)
     * @param end the offset the queue's next message will get
     */
    record QueueOffsets(long consumer, long end) {
    }

    /**
     * The group's offsets per queue ({@code brokerName/queueId}) of the topic. Empty where the implementation cannot
     * tell: the replay then neither refuses a reset that would skip messages nor follows the offsets, and judges
     * "caught up" by the lag and the counters alone.
     */
    default Map<String, QueueOffsets> offsets(String topic, String group) {
        return Map.of();
    }

    /** The offset per queue of the first message stored at or after {@code at}; empty where unknown (as above). */
    default Map<String, Long> offsetsAt(String topic, Instant at) {
        return Map.of();
    }

    @Override
    void close();
}
