package io.txorders.messaging.autoconfigure;

import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.publish.DiscardedPublishRecovery;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The transactional publisher of a service ({@code txorders.publisher.*}, e.g. {@code TXORDERS_PUBLISHER_ENABLED}):
 * the half message, the {@code tx_state} row written in the local transaction, the check-back answered from it, and
 * the recovery of publishes the broker gave up on.
 *
 * @param enabled whether this service publishes transactionally (needs the {@code tx_state} table)
 * @param topics the topics its transactional producer declares, so the broker routes their check-backs to any instance
 *        of this service (e.g. {@code order-events}); at least one when enabled
 * @param retention how long a {@code tx_state} row is kept; at least 1 h, and far longer than the broker's check
 *        window: a row purged while its message is in doubt would have the check-back answer ROLLBACK for a
 *        committed change
 * @param purgeInterval how often expired {@code tx_state} rows are purged
 * @param confirmInterval how often the confirmations of commits that reached the broker are written (in batches)
 * @param recovery the recovery of committed publishes the broker discarded ({@code txorders.publisher.recovery.*})
 */
@ConfigurationProperties("txorders.publisher")
public record PublisherProperties(@DefaultValue("false") boolean enabled, @DefaultValue List<Topic> topics,
                                  @DefaultValue("7d") Duration retention, @DefaultValue("1h") Duration purgeInterval,
                                  @DefaultValue("200ms") Duration confirmInterval, @DefaultValue @NestedConfigurationProperty
                                  DiscardedPublishRecovery.Settings recovery) {

    public PublisherProperties {
        if (enabled && topics.isEmpty()) {
            throw new IllegalArgumentException("txorders.publisher.topics: name at least one topic the transactional "
                    + "producer publishes to (its check-backs are routed by topic)");
        }
    }
}
