-- order_db: orders, their items, the transactional-publish state and the consumer inbox.

CREATE TABLE orders (
    id                BIGINT         NOT NULL AUTO_INCREMENT,
    order_no          VARCHAR(32)    NOT NULL,
    user_id           BIGINT         NOT NULL,
    status            VARCHAR(16)    NOT NULL,
    total_amount      DECIMAL(14, 2) NOT NULL,
    cancel_reason     VARCHAR(32)    NULL,
    payment_deadline  DATETIME(3)    NOT NULL,
    -- Idempotency-Key of the placing request, scoped to the user; request_hash detects a key reused for another body.
    client_request_id VARCHAR(128)   NULL,
    request_hash      CHAR(64)       NULL,
    version           INT            NOT NULL DEFAULT 0,
    created_at        DATETIME(3)    NOT NULL,
    updated_at        DATETIME(3)    NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_orders_order_no (order_no),
    UNIQUE KEY uk_orders_client_request (user_id, client_request_id),
    KEY idx_orders_status_deadline (status, payment_deadline),
    CONSTRAINT ck_orders_total CHECK (total_amount > 0)
) ENGINE = InnoDB;

CREATE TABLE order_item (
    id         BIGINT         NOT NULL AUTO_INCREMENT,
    order_no   VARCHAR(32)    NOT NULL,
    sku        VARCHAR(64)    NOT NULL,
    quantity   INT            NOT NULL,
    unit_price DECIMAL(12, 2) NOT NULL,
    PRIMARY KEY (id),
    KEY idx_order_item_order_no (order_no),
    CONSTRAINT ck_order_item_quantity CHECK (quantity > 0),
    CONSTRAINT ck_order_item_price CHECK (unit_price > 0)
) ENGINE = InnoDB;

-- One row per transactional publish, keyed by the event id (= message key). COMMITTED is written inside the
-- business transaction; ROLLED_BACK is the check-back's tombstone. The broker's check-back reads only this.
CREATE TABLE tx_state (
    tx_id           CHAR(36)    NOT NULL,
    order_no        VARCHAR(32) NULL,
    event_type      VARCHAR(32) NULL,
    state           VARCHAR(16) NOT NULL,
    check_count     INT         NOT NULL DEFAULT 0,
    last_checked_at DATETIME(3) NULL,
    created_at      DATETIME(3) NOT NULL,
    PRIMARY KEY (tx_id),
    KEY idx_tx_state_created_at (created_at),
    KEY idx_tx_state_order_no (order_no)
) ENGINE = InnoDB;

CREATE TABLE inbox (
    consumer_group VARCHAR(64) NOT NULL,
    event_id       CHAR(36)    NOT NULL,
    event_type     VARCHAR(32) NULL,
    received_at    DATETIME(3) NOT NULL,
    PRIMARY KEY (consumer_group, event_id),
    KEY idx_inbox_received_at (received_at)
) ENGINE = InnoDB;
