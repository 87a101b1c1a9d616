package io.txorders.order.order;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Order settings ({@code order.*}, e.g. {@code ORDER_PAYMENT_TIMEOUT=30s}).
 *
 * @param paymentTimeout how long a placed order may stay unpaid before it is cancelled
 * @param timeoutMessage whether placing an order also sends its delayed {@code OrderTimeout} message, which cancels
 *                       it at its deadline (the default). {@code false}: the timeout sweeper alone cancels unpaid
 *                       orders, {@code order.timeout-sweep.grace} after the deadline at the earliest and one
 *                       {@code order.timeout-sweep.interval} later at the latest; each order then costs one broker
 *                       send less when placed and one delivery and consumer transaction less at its deadline (lower
 *                       the grace and the interval to what lateness you accept)
 */
@ConfigurationProperties("order")
public record OrderProperties(@DefaultValue("15m") Duration paymentTimeout,
                              @DefaultValue("true") boolean timeoutMessage) {
}
