package io.txorders.cli.admin;

import io.txorders.messaging.contract.ConsumerGroup;
import java.net.URI;
import tools.jackson.databind.JsonNode;

/**
 * A consumer group's {@code txorders.consumer.messages} counters, summed over the instances of its service
 * ({@code GET /admin/consumers}, admin token).
 */
public final class ConsumerCounters {

    /** Messages a group handled, by outcome. */
    public record Counts(long applied, long duplicate, long rejected, long ignored, long failed) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

        public Counts plus(Counts other) {
            return new Counts(applied + other.applied, duplicate + other.duplicate, rejected + other.rejected,
                    ignored + other.ignored, failed + other.failed);
        }

        public Counts minus(Counts other) {
            return new Counts(applied - other.applied, duplicate - other.duplicate, rejected - other.rejected,
                    ignored - other.ignored, failed - other.failed);
        }

        /**
         * Messages done with: applied, skipped as duplicates, rejected, or ignored as nothing to do for the group
         * (failed attempts are not).
         */
        public long handled() {
            return applied + duplicate + rejected + ignored;
        }
    }

    private final ServiceEndpoints endpoints;
    private final AdminApi api;

    public ConsumerCounters(ServiceEndpoints endpoints, AdminApi api) {
        this.endpoints = endpoints;
        this.api = api;
    }

    public Counts of(ConsumerGroup group) {
        Counts sum = Counts.ZERO;
        for (URI instance : endpoints.instancesOf(group)) {
            JsonNode node = api.get(instance, "/admin/consumers").path("groups").path(group.groupName());
            sum = sum.plus(new Counts(node.path("applied").asLong(), node.path("duplicate").asLong(),
                    node.path("rejected").asLong(), node.path("ignored").asLong(), node.path("failed").asLong()));
        }
        return sum;
    }
}
