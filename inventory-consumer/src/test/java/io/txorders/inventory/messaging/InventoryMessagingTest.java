package io.txorders.inventory.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txorders.messaging.contract.Topic;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Which consumer the starter runs for the inventory group. The batch receivers' condition
 * ({@code @ConditionalOnBatchReceiving(InventoryConsumerProperties.PREFIX)}) and the push consumer's choice read the
 * same binding, so every value gives the group exactly one consumer: {@code INVENTORY_CONSUMER_MODE=SINGLE} used to
 * leave it with neither, and so did a typo, which now stops the start.
 */
class InventoryMessagingTest {

    private final InventoryMessaging messaging = new InventoryMessaging();
    private final OrderEventsListener listener = new OrderEventsListener(null, null);

    @ParameterizedTest
    @ValueSource(strings = {"single", "SINGLE", "Single"})
    void singleModeInAnyCaseRunsThePushConsumer(String mode) {
        var push = messaging.inventoryGroup(listener, settings(mode)).push();

        assertThat(push).isNotNull();
        assertThat(push.tagsByTopic()).containsOnlyKeys(Topic.ORDER_EVENTS);
    }

    @Test
    void batchModeLeavesTheGroupToTheBatchReceivers() {
        assertThat(messaging.inventoryGroup(listener, settings("batch")).push()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"batched", "push"})
    void anyOtherModeFailsTheStartInsteadOfLeavingTheGroupWithNoConsumer(String mode) {
        assertThatThrownBy(() -> settings(mode))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("inventory.consumer.mode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"batch", "single"})
    void aBatchSizeTheBrokerRefusesOrNoThreadFailsTheStartInEitherMode(String mode) {
        for (Map.Entry<String, String> bad : Map.of("batch-size", "33", "receivers", "0", "threads", "0").entrySet()) {
            assertThatThrownBy(() -> new Binder(new MapConfigurationPropertySource(Map.of(
                    "inventory.consumer.mode", mode, "inventory.consumer." + bad.getKey(), bad.getValue())))
                    .bindOrCreate(InventoryConsumerProperties.PREFIX, InventoryConsumerProperties.class))
                    .as(bad.toString())
                    .isInstanceOf(BindException.class)
                    .rootCause().hasMessageContaining("inventory.consumer: batch-size must be 1 to 32");
        }
    }

    private static InventoryConsumerProperties settings(String mode) {
        return new Binder(new MapConfigurationPropertySource(Map.of("inventory.consumer.mode", mode)))
                .bindOrCreate(InventoryConsumerProperties.PREFIX, InventoryConsumerProperties.class);
    }
}
