-- points_db: balances, the ledger of every change, and the consumer inbox.

CREATE TABLE points_account (
    user_id    BIGINT      NOT NULL,
    balance    BIGINT      NOT NULL DEFAULT 0,
    updated_at DATETIME(3) NOT NULL,
    PRIMARY KEY (user_id)
) ENGINE = InnoDB;

CREATE TABLE points_ledger (
    id         BIGINT      NOT NULL AUTO_INCREMENT,
    user_id    BIGINT      NOT NULL,
    order_no   VARCHAR(32) NOT NULL,
    delta      BIGINT      NOT NULL,
    reason     VARCHAR(32) NOT NULL,
    event_id   CHAR(36)    NOT NULL,
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (id),
    -- A second award for the same order is impossible even if the inbox were bypassed.
    UNIQUE KEY uk_points_ledger_order_reason (order_no, reason),
    KEY idx_points_ledger_user (user_id, id)
) ENGINE = InnoDB;

CREATE TABLE inbox (
    consumer_group VARCHAR(64) NOT NULL,
    event_id       CHAR(36)    NOT NULL,
    event_type     VARCHAR(32) NULL,
    received_at    DATETIME(3) NOT NULL,
    PRIMARY KEY (consumer_group, event_id),
    KEY idx_inbox_received_at (received_at)
) ENGINE = InnoDB;
