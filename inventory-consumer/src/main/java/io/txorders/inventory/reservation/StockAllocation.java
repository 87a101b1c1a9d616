package io.txorders.inventory.reservation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides a batch of reservation requests against stock levels read under lock: each order, in arrival order,
 * gets all of its items or none, exactly as if the orders had been reserved one after another with one
 * conditional update per SKU. What is granted is then taken with <em>one</em> update per SKU (the summed
 * quantity), which is what makes a batch cheaper on a hot SKU than one transaction per order.
 */
public final class StockAllocation {

    /** One order's wanted quantity per SKU. */
    public record Request(String orderNo, Map<String, Integer> wanted) {
        public Request {
            wanted = new TreeMap<>(wanted);
        }
    }

    /**
     * @param rejected per order refused: why (orders not listed were granted)
     * @param takenBySku summed quantity to take per SKU, in SKU order (lock order), only SKUs with something taken
     */
    public record Decision(Map<String, RejectReason> rejected, Map<String, Integer> takenBySku) {
        public boolean granted(String orderNo) {
            return !rejected.containsKey(orderNo);
        }
    }

    private StockAllocation() {
    }

    /**
     * @param available available quantity per SKU that exists (read under lock); a SKU absent here is unknown
     * @param requests in arrival order
     */
    public static Decision allocate(Map<String, Integer> available, List<Request> requests) {
        Map<String, Integer> left = new TreeMap<>(available);
        Map<String, RejectReason> rejected = new LinkedHashMap<>();
        Map<String, Integer> taken = new TreeMap<>();
        for (Request request : requests) {
            RejectReason reason = firstShortfall(left, request.wanted());
            if (reason != null) {
                rejected.put(request.orderNo(), reason);
                continue;
            }
            request.wanted().forEach((sku, quantity) -> {
                left.merge(sku, -quantity, Integer::sum);
                taken.merge(sku, quantity, Integer::sum);
            });
        }
        return new Decision(rejected, taken);
    }

    /** The reason of the first SKU (in SKU order) that cannot be served, as the one-by-one path reports it. */
    private static RejectReason firstShortfall(Map<String, Integer> left, Map<String, Integer> wanted) {
        for (Map.Entry<String, Integer> line : wanted.entrySet()) {
            Integer availableNow = left.get(line.getKey());
            if (availableNow == null) {
                return RejectReason.UNKNOWN_SKU;
            }
            if (availableNow < line.getValue()) {
                return RejectReason.OUT_OF_STOCK;
            }
        }
        return null;
    }
}
