package io.txorders.messaging.tracing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.apis.message.MessageBuilder;

/**
 * A trace context as the headers that carry it between processes (W3C: {@code traceparent}, {@code tracestate} when
 * present, {@code baggage} when there is any), as message properties or stored with an outbox row.
 *
 * @param values header name to value, in the order the propagator wrote them; empty when there is no trace
 */
public record TraceHeaders(Map<String, String> values) {

    /** No trace context: a message built with it carries no trace headers. */
    public static final TraceHeaders NONE = new TraceHeaders(Map.of());

    public TraceHeaders {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Adds every header as a message property (a blank value is left out: the builder refuses it). */
    public MessageBuilder addTo(MessageBuilder builder) {
        values.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                builder.addProperty(name, value);
            }
        });
        return builder;
    }

    /**
     * The headers as one string to store with a row ({@code name:value} lines; header values hold no line breaks),
     * or {@code null} when there are none.
     */
    public String encode() {
        return values.isEmpty() ? null : values.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining("\n"));
    }

    /** The headers {@link #encode()} wrote; {@link #NONE} for {@code null} or blank. */
    public static TraceHeaders decode(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return NONE;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : encoded.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                values.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return new TraceHeaders(values);
    }
}
