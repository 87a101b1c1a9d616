package io.txorders.order.order;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Cancels unpaid orders whose deadline passed more than {@code order.timeout-sweep.grace} (default 30 s) ago,
 * every {@code order.timeout-sweep.interval} (default 1 min): the backstop for a lost timeout message, so no
 * order stays open forever; with {@code order.timeout-message=false}, the only timeout there is.
 */
@Component
class OrderTimeoutSweeper {

    private static final Logger log = LoggerFactory.getLogger(OrderTimeoutSweeper.class);

    private final OrderService orders;
    private final Duration grace;

    OrderTimeoutSweeper(OrderService orders, @Value("${order.timeout-sweep.grace:30s}") Duration grace) {
        this.orders = orders;
        this.grace = grace;
    }

    @Scheduled(initialDelayString = "${order.timeout-sweep.interval:1m}", fixedDelayString = "${order.timeout-sweep.interval:1m}")
    void sweep() {
        try {
            int cancelled;
            do {
                cancelled = orders.sweepOverdue(grace, 100);
            } while (cancelled == 100);
        } catch (RuntimeException e) {
            log.warn("timeout sweep failed, retrying next round: {}", e.toString());
        }
    }
}
