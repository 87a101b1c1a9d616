package io.txorders.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.messaging.contract.ConsumerGroup;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which service's instances a group's replay and dead letters go through. */
class ServiceEndpointsTest {

    private final ServiceEndpoints endpoints = ServiceEndpoints.from(Map.of(
            "TXORDERS_ORDER_URL", "http://orders-1:8091/, http://orders-2:8091",
            "TXORDERS_INVENTORY_URL", "http://inventory:8092",
            "TXORDERS_POINTS_URL", "http://points:8093"));

    @Test
    void everyGroupOfOrderProducerGoesThroughItsInstances() {
        List<URI> orders = List.of(URI.create("http://orders-1:8091"), URI.create("http://orders-2:8091"));

        assertThat(endpoints.instancesOf(ConsumerGroup.ORDER)).isEqualTo(orders);
        assertThat(endpoints.instancesOf(ConsumerGroup.ORDER_TIMEOUTS)).isEqualTo(orders);
        assertThat(endpoints.instancesOf(ConsumerGroup.WEBHOOKS)).isEqualTo(orders);
    }

    @Test
    void inventoryAndPointsGoThroughTheirOwn() {
        assertThat(endpoints.instancesOf(ConsumerGroup.INVENTORY)).containsExactly(URI.create("http://inventory:8092"));
        assertThat(endpoints.instancesOf(ConsumerGroup.POINTS)).containsExactly(URI.create("http://points:8093"));
    }
}
