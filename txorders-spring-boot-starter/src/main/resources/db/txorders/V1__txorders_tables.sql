-- The tables of txorders-spring-boot-starter, in the service's own database, tracked in a history table of their own
-- (txorders_schema_history) so they never collide with the service's migrations. IF NOT EXISTS: a service whose own
-- migrations created these tables before the starter shipped them (order-producer, inventory-consumer,
-- points-consumer) keeps them as they are; later changes to them come from here.

-- The idempotent consumer: one row per (group, event) applied, written in the effect's transaction.
CREATE TABLE IF NOT EXISTS inbox (
    consumer_group VARCHAR(64) NOT NULL,
    event_id       CHAR(36)    NOT NULL,
    event_type     VARCHAR(32) NULL,
    received_at    DATETIME(3) NOT NULL,
    PRIMARY KEY (consumer_group, event_id),
    KEY idx_inbox_received_at (received_at)
) ENGINE = InnoDB;

-- Messages a consumer could not process and will not retry: unreadable bodies (recorded at once) and messages that
-- exhausted the broker's redeliveries. Kept for inspection and resubmission.
CREATE TABLE IF NOT EXISTS dead_letter (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    consumer_group VARCHAR(64)  NOT NULL,
    topic          VARCHAR(128) NOT NULL,
    message_id     VARCHAR(64)  NOT NULL,
    tag            VARCHAR(64)  NULL,
    message_keys   VARCHAR(256) NULL,
    body           MEDIUMBLOB   NOT NULL,
    reason         VARCHAR(512) NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    created_at     DATETIME(3)  NOT NULL,
    resubmitted_at DATETIME(3)  NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_dead_letter_message (consumer_group, message_id),
    KEY idx_dead_letter_status (status, id)
) ENGINE = InnoDB;

-- The transactional publish: one row per publish, keyed by the event id (= message key). COMMITTED is written first in
-- the business transaction, with the exact message body (to republish what the broker discarded); ROLLED_BACK is the
-- check-back's tombstone. The broker's check-back reads only this. idx_tx_state_unconfirmed: the NULL prefix holds the
-- few publishes whose commit was never confirmed.
CREATE TABLE IF NOT EXISTS tx_state (
    tx_id                  CHAR(36)    NOT NULL,
    order_no               VARCHAR(32) NULL,
    event_type             VARCHAR(32) NULL,
    state                  VARCHAR(16) NOT NULL,
    check_count            INT         NOT NULL DEFAULT 0,
    last_checked_at        DATETIME(3) NULL,
    created_at             DATETIME(3) NOT NULL,
    message_body           MEDIUMBLOB  NULL,
    commit_confirmed_at    DATETIME(3) NULL,
    republished_at         DATETIME(3) NULL,
    recovery_claimed_until DATETIME(3) NULL,
    recovery_attempts      INT         NOT NULL DEFAULT 0,
    PRIMARY KEY (tx_id),
    KEY idx_tx_state_created_at (created_at),
    KEY idx_tx_state_order_no (order_no),
    KEY idx_tx_state_unconfirmed (commit_confirmed_at, created_at)
) ENGINE = InnoDB;

-- The local message table: written in the business transaction, published in id order by the relay. trace_context
-- carries the trace of the work that wrote the row to the message the relay sends later.
CREATE TABLE IF NOT EXISTS outbox (
    id              BIGINT        NOT NULL AUTO_INCREMENT,
    event_id        CHAR(36)      NOT NULL,
    event_type      VARCHAR(32)   NOT NULL,
    order_no        VARCHAR(32)   NOT NULL,
    payload         TEXT          NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INT           NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(3)   NOT NULL,
    claimed_by      VARCHAR(64)   NULL,
    claimed_until   DATETIME(3)   NULL,
    last_error      VARCHAR(512)  NULL,
    created_at      DATETIME(3)   NOT NULL,
    sent_at         DATETIME(3)   NULL,
    trace_context   VARCHAR(1024) NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_outbox_event_id (event_id),
    KEY idx_outbox_status_next (status, next_attempt_at, id)
) ENGINE = InnoDB;
