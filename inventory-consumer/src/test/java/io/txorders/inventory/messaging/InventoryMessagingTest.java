package io.txorders.inventory.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txorders.messaging.contract.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which consumer the starter runs for the inventory group. {@code inventory.consumer.mode}'s condition on the batch
 * receivers ignores case, so the push consumer's choice must too: {@code INVENTORY_CONSUMER_MODE=SINGLE} used to leave
 * the group with neither.
 */
class InventoryMessagingTest {

    private final InventoryMessaging messaging = new InventoryMessaging();
    private final OrderEventsListener listener = new OrderEventsListener(null, null);

    @ParameterizedTest
    @ValueSource(strings = {"single", "SINGLE", "Single"})
    void singleModeInAnyCaseRunsThePushConsumer(String mode) {
        var push = messaging.inventoryGroup(listener, true, mode, 8).push();

        assertThat(push).isNotNull();
        assertThat(push.tagsByTopic()).containsOnlyKeys(Topic.ORDER_EVENTS);
    }

    @Test
    void batchModeLeavesTheGroupToTheBatchReceivers() {
        assertThat(messaging.inventoryGroup(listener, true, "batch", 8).push()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"batched", "push", ""})
    void anyOtherModeFailsTheStartInsteadOfLeavingTheGroupWithNoConsumer(String mode) {
        assertThatThrownBy(() -> messaging.inventoryGroup(listener, true, mode, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inventory.consumer.mode must be batch or single, got '" + mode + "'");
    }
}
