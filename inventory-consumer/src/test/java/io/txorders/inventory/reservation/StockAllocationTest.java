package io.txorders.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.inventory.reservation.StockAllocation.Decision;
import io.txorders.inventory.reservation.StockAllocation.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StockAllocationTest {

    @Test
    void grantsInArrivalOrderUntilAHotSkuRunsOutAndSumsWhatWasTaken() {
        Decision decision = StockAllocation.allocate(Map.of("HOT", 5), List.of(
                new Request("o1", Map.of("HOT", 2)),
                new Request("o2", Map.of("HOT", 2)),
                new Request("o3", Map.of("HOT", 2)),   // 1 left: refused
                new Request("o4", Map.of("HOT", 1)))); // still fits after o3 was refused

        assertThat(decision.rejected()).containsExactly(Map.entry("o3", RejectReason.OUT_OF_STOCK));
        assertThat(decision.takenBySku()).containsExactly(Map.entry("HOT", 5));
        assertThat(decision.granted("o4")).isTrue();
    }

    @Test
    void anOrderGetsAllOfItsItemsOrNone() {
        Decision decision = StockAllocation.allocate(Map.of("A", 10, "B", 1), List.of(
                new Request("o1", Map.of("A", 3, "B", 2)),
                new Request("o2", Map.of("A", 3, "B", 1))));

        assertThat(decision.rejected()).containsExactly(Map.entry("o1", RejectReason.OUT_OF_STOCK));
        // o1's A was not taken: only o2's items are.
        assertThat(decision.takenBySku()).containsExactly(Map.entry("A", 3), Map.entry("B", 1));
    }

    @Test
    void reportsTheFirstFailingSkuInSkuOrderLikeTheOneByOnePath() {
        Decision decision = StockAllocation.allocate(Map.of("B", 0), List.of(
                new Request("o1", Map.of("B", 1, "A", 1)),   // A (unknown) comes first in SKU order
                new Request("o2", Map.of("B", 1))));

        assertThat(decision.rejected()).containsExactly(Map.entry("o1", RejectReason.UNKNOWN_SKU),
                Map.entry("o2", RejectReason.OUT_OF_STOCK));
        assertThat(decision.takenBySku()).isEmpty();
    }

    @Test
    void neverTakesMoreThanIsAvailable() {
        Map<String, Integer> available = Map.of("S", 7);
        List<Request> requests = java.util.stream.IntStream.range(0, 32)
                .mapToObj(i -> new Request("o" + i, Map.of("S", 1 + i % 3))).toList();

        Decision decision = StockAllocation.allocate(available, requests);

        assertThat(decision.takenBySku().get("S")).isLessThanOrEqualTo(7);
        int granted = requests.stream().filter(r -> decision.granted(r.orderNo()))
                .mapToInt(r -> r.wanted().get("S")).sum();
        assertThat(granted).isEqualTo(decision.takenBySku().get("S"));
    }
}
