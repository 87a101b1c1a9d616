package io.txorders.order.messaging;

import io.txorders.messaging.rocketmq.ConsumptionMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How order-producer consumes ({@code order.consumer.*}, e.g. {@code ORDER_CONSUMER_MODE=single}): the reservation
 * outcomes from inventory (group {@code order-producer}) and its own payment deadlines (group
 * {@code order-producer-timeouts}).
 *
 * @param enabled whether this instance consumes both groups at all (neither their consumers nor their dead-letter
 *                capture run here when {@code false}; resubmission still works)
 * @param mode {@code batch} (the default): a simple consumer receives up to {@code batchSize} reservation outcomes at
 *             a time, and each run of StockReserved among them is applied in one transaction (an inbox row and an
 *             order update per message, one commit). {@code single}: one message per transaction (a push consumer on
 *             {@code threads} threads), kept for comparison
 * @param batchSize most messages one receive takes ({@code batch} mode)
 * @param receivers receiving threads ({@code batch} mode), each with its own long poll
 * @param threads consumption threads of the push consumers: the payment deadlines' always, the reservation
 *                outcomes' in {@code single} mode
 */
@ConfigurationProperties(OrderConsumerProperties.PREFIX)
public record OrderConsumerProperties(@DefaultValue("true") boolean enabled,
                                      @DefaultValue("batch") ConsumptionMode mode,
                                      @DefaultValue("32") int batchSize,
                                      @DefaultValue("4") int receivers,
                                      @DefaultValue("8") int threads) {

    /** Where these settings are, also for the batch receivers' condition. */
    public static final String PREFIX = "order.consumer";

    public OrderConsumerProperties {
        ConsumptionMode.checkSettings(PREFIX, mode, batchSize, receivers, threads);
    }
}
