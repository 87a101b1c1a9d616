package io.txorders.messaging.tracing;

import io.txorders.messaging.inbox.InboundMessage;
import java.util.List;
import java.util.function.Supplier;

/**
 * Carries the trace context through RocketMQ messages: the producing side puts {@link #current()} into each message
 * it builds (see {@link TracingClientServiceProvider}), the consuming side handles each message in a span that
 * continues the trace the message carries, so the logs of one order's work in every service share one
 * {@code traceId}. {@link #NONE} when the service has no tracing: no headers, no spans.
 */
public interface MessageTracing {

    /** No tracing: messages carry nothing, handlers run as they are. */
    MessageTracing NONE = new MessageTracing() {
        @Override
        public TraceHeaders current() {
            return TraceHeaders.NONE;
        }

        @Override
        public <T> T consume(String group, InboundMessage message, Supplier<T> work) {
            return work.get();
        }

        @Override
        public <T> T consumeBatch(String group, List<InboundMessage> messages, Supplier<T> work) {
            return work.get();
        }
    };

    /** The trace context of the current thread as headers; {@link TraceHeaders#NONE} outside a trace. */
    TraceHeaders current();

    /**
     * Runs {@code work} in a consumer span that continues the trace {@code message} carries (a child of the current
     * span when it carries none, e.g. a dead letter resubmitted by an operator's request).
     */
    <T> T consume(String group, InboundMessage message, Supplier<T> work);

    /**
     * Runs {@code work} for a batch received together in one span: for one message, the same span as
     * {@link #consume}; for several, a span of its own trace linked to the trace of every message in it.
     */
    <T> T consumeBatch(String group, List<InboundMessage> messages, Supplier<T> work);
}
