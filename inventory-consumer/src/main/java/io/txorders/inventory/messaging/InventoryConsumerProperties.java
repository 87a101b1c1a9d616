package io.txorders.inventory.messaging;

import io.txorders.messaging.rocketmq.ConsumptionMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How inventory-consumer consumes order events, group {@code inventory-consumer} ({@code inventory.consumer.*}, e.g.
 * {@code INVENTORY_CONSUMER_MODE=single}). A mode that is neither {@code batch} nor {@code single} fails the start-up,
 * and so do a batch size outside 1 to 32 and no receiver or thread, in either mode.
 *
 * @param enabled whether this instance consumes at all (neither the group's consumer nor its dead-letter capture runs
 *                here when {@code false}; resubmission still works)
 * @param mode {@code batch} (the default): a simple consumer receives up to {@code batchSize} order events at a time,
 *             and each run of OrderCreated among them is reserved in one transaction. {@code single}: one message per
 *             transaction (a push consumer on {@code threads} threads), kept for comparison
 * @param batchSize most messages one receive takes ({@code batch} mode)
 * @param receivers receiving threads ({@code batch} mode), each with its own long poll
 * @param threads consumption threads of the push consumer ({@code single} mode)
 */
@ConfigurationProperties(InventoryConsumerProperties.PREFIX)
public record InventoryConsumerProperties(@DefaultValue("true") boolean enabled,
                                          @DefaultValue("batch") ConsumptionMode mode,
                                          @DefaultValue("32") int batchSize,
                                          @DefaultValue("4") int receivers,
                                          @DefaultValue("8") int threads) {

    /** Where these settings are, also for the batch receivers' condition. */
    public static final String PREFIX = "inventory.consumer";

    public InventoryConsumerProperties {
        ConsumptionMode.checkSettings(PREFIX, mode, batchSize, receivers, threads);
    }
}
