package io.txorders.messaging.tracing;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.txorders.messaging.inbox.InboundMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link MessageTracing} with Micrometer Tracing: headers written and read by the service's {@link Propagator}
 * (W3C {@code traceparent}/{@code tracestate} by Spring Boot's default), spans of kind CONSUMER named
 * {@code process <topic>} with the OpenTelemetry messaging attributes. A span in scope puts its {@code traceId} and
 * {@code spanId} into the logging MDC (Spring Boot's log correlation).
 */
public class MicrometerMessageTracing implements MessageTracing {

    private static final Pattern TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

    private final Tracer tracer;
    private final Propagator propagator;

    public MicrometerMessageTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public TraceHeaders current() {
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return TraceHeaders.NONE;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        propagator.inject(context, headers, Map::put);
        return new TraceHeaders(headers);
    }

    @Override
    public <T> T consume(String group, InboundMessage message, Supplier<T> work) {
        Span.Builder builder = carriesTrace(message)
                ? propagator.extract(message.properties(), Map::get)
                : tracer.spanBuilder();
        Span span = tagged(builder, group, message.topic()).tag("messaging.message.id", message.messageId()).start();
        return inScope(span, work);
    }

    @Override
    public <T> T consumeBatch(String group, List<InboundMessage> messages, Supplier<T> work) {
        if (messages.size() == 1) {
            return consume(group, messages.get(0), work);
        }
        Span.Builder builder = tagged(tracer.spanBuilder(), group, messages.isEmpty() ? "" : messages.get(0).topic())
                .tag("messaging.batch.message_count", messages.size());
        for (InboundMessage message : messages) {
            TraceContext context = linkable(message.properties().get("traceparent"));
            if (context != null) {
                builder.addLink(new Link(context));
            }
        }
        return inScope(builder.start(), work);
    }

    private boolean carriesTrace(InboundMessage message) {
        return propagator.fields().stream().anyMatch(message.properties()::containsKey);
    }

    private static Span.Builder tagged(Span.Builder builder, String group, String topic) {
        return builder.kind(Span.Kind.CONSUMER)
                .name("process " + topic)
                .tag("messaging.system", "rocketmq")
                .tag("messaging.operation.type", "process")
                .tag("messaging.destination.name", topic)
                .tag("messaging.consumer.group.name", group);
    }

    private <T> T inScope(Span span, Supplier<T> work) {
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** The context a W3C {@code traceparent} names, for a link; {@code null} for anything else. */
    private TraceContext linkable(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        Matcher matcher = TRACEPARENT.matcher(traceparent);
        if (!matcher.matches()) {
            return null;
        }
        return tracer.traceContextBuilder()
                .traceId(matcher.group(1))
                .spanId(matcher.group(2))
                .sampled((Integer.parseInt(matcher.group(3), 16) & 1) == 1)
                .build();
    }
}
