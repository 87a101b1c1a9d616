package io.txorders.messaging.tracing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The trace context through messages ({@code txorders.tracing.*}, e.g. {@code TXORDERS_TRACING_ENABLED}). Sampling,
 * propagation format and export are Spring Boot's {@code management.tracing.*}.
 *
 * @param enabled whether messages carry the trace context of the work that built them ({@code traceparent},
 *        {@code tracestate} as message properties, stored with outbox rows) and consumers continue it; only with a
 *        Micrometer Tracing bridge on the class path (otherwise there is nothing to carry)
 */
@ConfigurationProperties("txorders.tracing")
public record MessageTracingProperties(@DefaultValue("true") boolean enabled) {
}
