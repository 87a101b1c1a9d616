package io.txorders.messaging.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code txorders.consumer.messages{group,outcome}} counters of this instance, by group and outcome
 * ({@code applied}, {@code duplicate}, {@code rejected}, {@code ignored}, {@code postponed}, {@code failed}), for the admin API that replay reads.
 */
public final class ConsumerStatistics {

    private ConsumerStatistics() {
    }

    public static Map<String, Map<String, Long>> byGroup(MeterRegistry meters) {
        Map<String, Map<String, Long>> groups = new TreeMap<>();
        for (Counter counter : meters.find("txorders.consumer.messages").counters()) {
            String group = counter.getId().getTag("group");
            String outcome = counter.getId().getTag("outcome");
            if (group != null && outcome != null) {
                groups.computeIfAbsent(group, g -> new TreeMap<>(Map.of("applied", 0L, "duplicate", 0L,
                                "rejected", 0L, "ignored", 0L, "postponed", 0L, "failed", 0L)))
                        .merge(outcome, (long) counter.count(), Long::sum);
            }
        }
        return groups;
    }
}
