-- The relay claims a row only with every earlier PENDING row of its order (id order per order across rounds and
-- relays): it reads an order's PENDING rows by order_no, which must not scan the table (SENT rows stay for the
-- retention period).
CREATE INDEX idx_outbox_order_id ON outbox (order_no, id);
