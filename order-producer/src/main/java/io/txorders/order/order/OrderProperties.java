package io.txorders.order.order;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Order settings ({@code order.*}, e.g. {@code ORDER_PAYMENT_TIMEOUT=30s}).
 *
 * @param paymentTimeout how long a placed order may stay unpaid before it is cancelled
 */
@ConfigurationProperties("order")
public record OrderProperties(@DefaultValue("15m") Duration paymentTimeout) {
}
