package io.txorders.messaging.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import brave.Tracing;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.sampler.Sampler;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.txorders.messaging.inbox.InboundMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The W3C trace context into message properties and back, with Brave as Spring Boot configures it. */
class MicrometerMessageTracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN = "00f067aa0ba902b7";

    private final List<brave.handler.MutableSpan> finished = new ArrayList<>();
    private final Tracing tracing = Tracing.newBuilder()
            .currentTraceContext(ThreadLocalCurrentTraceContext.create())
            .propagationFactory(new W3CPropagation())
            .sampler(Sampler.ALWAYS_SAMPLE)
            .traceId128Bit(true)
            .supportsJoin(false)
            .addSpanHandler(new brave.handler.SpanHandler() {
                @Override
                public boolean end(brave.propagation.TraceContext context, brave.handler.MutableSpan span,
                                   Cause cause) {
                    finished.add(span);
                    return true;
                }
            })
            .build();
    private final Tracer tracer = new BraveTracer(tracing.tracer(),
            new BraveCurrentTraceContext(tracing.currentTraceContext()), new BraveBaggageManager());
    private final MessageTracing messageTracing = new MicrometerMessageTracing(tracer,
            new BravePropagator(tracing));

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void outsideATraceThereIsNothingToCarry() {
        assertThat(messageTracing.current()).isEqualTo(TraceHeaders.NONE);
        assertThat(TraceHeaders.NONE.encode()).isNull();
        assertThat(TraceHeaders.decode(null)).isEqualTo(TraceHeaders.NONE);
    }

    @Test
    void theCurrentSpanGoesIntoTheMessageAndTheConsumerContinuesItsTrace() {
        Span request = tracer.nextSpan().name("http post /orders").start();
        Message sent;
        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            sent = new TracingClientServiceProvider(ClientServiceProvider.loadService(), () -> messageTracing)
                    .newMessageBuilder().setTopic("order-events").setTag("OrderCreated").setKeys("e1", "O1")
                    .setBody(new byte[] {1}).build();
        } finally {
            request.end();
        }
        String traceparent = sent.getProperties().get("traceparent");
        assertThat(traceparent).isEqualTo("00-" + request.context().traceId() + "-" + request.context().spanId()
                + "-01");

        InboundMessage received = new InboundMessage("order-events", "m1", "OrderCreated", List.of("e1", "O1"),
                new byte[] {1}, 1, sent.getProperties());
        String[] seen = new String[3];
        boolean handled = messageTracing.consume("points-consumer", received, () -> {
            seen[0] = tracer.currentSpan().context().traceId();
            seen[1] = tracer.currentSpan().context().parentId();
            seen[2] = org.slf4j.MDC.get("traceId");
            return true;
        });

        assertThat(handled).isTrue();
        assertThat(seen[0]).isEqualTo(request.context().traceId());
        assertThat(seen[1]).isEqualTo(request.context().spanId());
        brave.handler.MutableSpan consumer = finished.get(finished.size() - 1);
        assertThat(consumer.kind()).isEqualTo(brave.Span.Kind.CONSUMER);
        assertThat(consumer.name()).isEqualTo("process order-events");
        assertThat(consumer.tags()).containsEntry("messaging.consumer.group.name", "points-consumer");
    }

    @Test
    void storedHeadersSurviveEncodingAndReplaceTheRelaysOwnContext() {
        TraceHeaders stored = new TraceHeaders(Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN + "-01"));
        assertThat(TraceHeaders.decode(stored.encode())).isEqualTo(stored);
        TraceHeaders withState = TraceHeaders.decode("traceparent:00-" + TRACE_ID + "-" + PARENT_SPAN
                + "-01\ntracestate:congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        assertThat(withState.values()).containsEntry("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");

        Span relay = tracer.nextSpan().name("relay").start();
        Message sent;
        try (Tracer.SpanInScope scope = tracer.withSpan(relay)) {
            sent = withState.addTo(new TracingClientServiceProvider(ClientServiceProvider.loadService(),
                            () -> messageTracing).newMessageBuilder())
                    .setTopic("inventory-events").setBody(new byte[] {1}).build();
        } finally {
            relay.end();
        }
        assertThat(sent.getProperties()).containsEntry("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN + "-01")
                .containsEntry("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    }

    @Test
    void aMessageWithoutTraceIsHandledAsAChildOfTheCurrentWork() {
        Span resubmission = tracer.nextSpan().name("admin resubmit").start();
        String traceId;
        try (Tracer.SpanInScope scope = tracer.withSpan(resubmission)) {
            traceId = messageTracing.consume("g", new InboundMessage("t", "m", "x", List.of(), new byte[0], 1),
                    () -> tracer.currentSpan().context().traceId());
        } finally {
            resubmission.end();
        }
        assertThat(traceId).isEqualTo(resubmission.context().traceId());
    }

    @Test
    void aBatchOfOneContinuesItsMessagesTraceAndALargerOneLinksThemAll() {
        Map<String, String> first = Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN + "-01");
        Map<String, String> second = Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        InboundMessage one = new InboundMessage("order-events", "m1", "OrderCreated", List.of(), new byte[0], 1, first);
        InboundMessage two = new InboundMessage("order-events", "m2", "OrderCreated", List.of(), new byte[0], 1,
                second);

        assertThat(messageTracing.consumeBatch("inventory-consumer", List.of(one),
                () -> tracer.currentSpan().context().traceId())).isEqualTo(TRACE_ID);
        String batchTrace = messageTracing.consumeBatch("inventory-consumer", List.of(one, two),
                () -> tracer.currentSpan().context().traceId());

        assertThat(batchTrace).isNotIn(TRACE_ID, "0af7651916cd43dd8448eb211c80319c");
        brave.handler.MutableSpan batch = finished.get(finished.size() - 1);
        assertThat(batch.tags()).containsEntry("messaging.batch.message_count", "2")
                .containsValues(TRACE_ID, "0af7651916cd43dd8448eb211c80319c");
    }
}
