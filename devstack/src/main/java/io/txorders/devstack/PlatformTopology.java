package io.txorders.devstack;

import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Topic;
import java.util.LinkedHashMap;
import java.util.Map;

/** The platform's topics and consumer groups, as every broker must have them (embedded and cluster alike). */
final class PlatformTopology {

    private PlatformTopology() {
    }

    /**
     * Topic name → message type. Dead-letter topics are created up front, readable: the services consume them to
     * record dead letters, and a topic the broker auto-creates on the first dead letter may come without read
     * permission.
     */
    static Map<String, String> topics() {
        Map<String, String> topics = new LinkedHashMap<>();
        for (Topic topic : Topic.values()) {
            topics.put(topic.topicName(), topic.kind().name());
        }
        for (ConsumerGroup group : ConsumerGroup.values()) {
            topics.put(group.deadLetterTopic(), "NORMAL");
        }
        return topics;
    }

    /**
     * Group name → redeliveries before its dead-letter topic. A dead letter keeps its reconsume count; the proxy
     * would send it straight on to the capture group's own DLQ unless that group allows more attempts than the
     * message already had.
     */
    static Map<String, Integer> groups(int retryMaxTimes) {
        Map<String, Integer> groups = new LinkedHashMap<>();
        for (ConsumerGroup group : ConsumerGroup.values()) {
            groups.put(group.groupName(), retryMaxTimes);
            groups.put(group.deadLetterCaptureGroup(), ConsumerGroup.DEAD_LETTER_CAPTURE_RETRY_MAX_TIMES);
        }
        return groups;
    }
}
