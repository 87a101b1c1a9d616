-- inventory_db: stock per SKU, the per-order reservation ledger (Try/Confirm/Cancel), the consumer inbox and
-- the outbox through which inventory answers the order service.

CREATE TABLE stock (
    sku        VARCHAR(64) NOT NULL,
    available  INT         NOT NULL,
    reserved   INT         NOT NULL DEFAULT 0,
    sold       INT         NOT NULL DEFAULT 0,
    -- Everything ever put on the shelf: available + reserved + sold = stocked at all times.
    stocked    INT         NOT NULL,
    version    INT         NOT NULL DEFAULT 0,
    updated_at DATETIME(3) NOT NULL,
    PRIMARY KEY (sku),
    CONSTRAINT ck_stock_available CHECK (available >= 0),
    CONSTRAINT ck_stock_reserved CHECK (reserved >= 0),
    CONSTRAINT ck_stock_sold CHECK (sold >= 0),
    CONSTRAINT ck_stock_balance CHECK (available + reserved + sold = stocked)
) ENGINE = InnoDB;

-- One row per order: RESERVED, CONFIRMED, RELEASED (also the marker of a cancel that came first) or REJECTED.
CREATE TABLE reservation (
    order_no      VARCHAR(32) NOT NULL,
    status        VARCHAR(16) NOT NULL,
    reject_reason VARCHAR(32) NULL,
    created_at    DATETIME(3) NOT NULL,
    updated_at    DATETIME(3) NOT NULL,
    PRIMARY KEY (order_no)
) ENGINE = InnoDB;

CREATE TABLE reservation_line (
    order_no VARCHAR(32) NOT NULL,
    sku      VARCHAR(64) NOT NULL,
    quantity INT         NOT NULL,
    PRIMARY KEY (order_no, sku),
    CONSTRAINT ck_reservation_line_quantity CHECK (quantity > 0)
) ENGINE = InnoDB;

CREATE TABLE inbox (
    consumer_group VARCHAR(64) NOT NULL,
    event_id       CHAR(36)    NOT NULL,
    event_type     VARCHAR(32) NULL,
    received_at    DATETIME(3) NOT NULL,
    PRIMARY KEY (consumer_group, event_id),
    KEY idx_inbox_received_at (received_at)
) ENGINE = InnoDB;

-- Local message table: written in the same transaction as the stock change, published by the relay.
CREATE TABLE outbox (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    event_id        CHAR(36)     NOT NULL,
    event_type      VARCHAR(32)  NOT NULL,
    order_no        VARCHAR(32)  NOT NULL,
    payload         TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(3)  NOT NULL,
    claimed_by      VARCHAR(64)  NULL,
    claimed_until   DATETIME(3)  NULL,
    last_error      VARCHAR(512) NULL,
    created_at      DATETIME(3)  NOT NULL,
    sent_at         DATETIME(3)  NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_outbox_event_id (event_id),
    KEY idx_outbox_status_next (status, next_attempt_at, id)
) ENGINE = InnoDB;
