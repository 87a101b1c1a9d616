-- The trace context of the work that wrote an outbox row (its consumer span: W3C traceparent, tracestate when present,
-- as "name:value" lines), so the message the relay sends later, from a thread of its own, continues the order's trace.
-- NULL for rows written without tracing (and for rows written before this column): sent without trace headers.
ALTER TABLE outbox ADD COLUMN trace_context VARCHAR(1024) NULL;
