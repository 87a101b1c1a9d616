-- Best-effort notification of partners (order-status webhooks): subscriptions, one task per (subscription,
-- event), and a log line per delivery attempt.

CREATE TABLE webhook_subscription (
    id         BIGINT        NOT NULL AUTO_INCREMENT,
    url        VARCHAR(2048) NOT NULL,
    -- Event types, comma separated, e.g. OrderPaid,OrderCancelled.
    events     VARCHAR(256)  NOT NULL,
    secret     VARCHAR(256)  NOT NULL,
    active     BOOLEAN       NOT NULL DEFAULT TRUE,
    created_at DATETIME(3)   NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB;

CREATE TABLE notification_task (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    subscription_id BIGINT       NOT NULL,
    event_id        CHAR(36)     NOT NULL,
    event_type      VARCHAR(32)  NOT NULL,
    order_no        VARCHAR(32)  NOT NULL,
    payload         TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(3)  NOT NULL,
    claimed_by      VARCHAR(64)  NULL,
    claimed_until   DATETIME(3)  NULL,
    last_status     INT          NULL,
    last_error      VARCHAR(512) NULL,
    created_at      DATETIME(3)  NOT NULL,
    delivered_at    DATETIME(3)  NULL,
    PRIMARY KEY (id),
    -- A redelivered order event never creates a second task, even past the inbox.
    UNIQUE KEY uk_notification_task_event (subscription_id, event_id),
    KEY idx_notification_task_due (status, next_attempt_at, id)
) ENGINE = InnoDB;

CREATE TABLE notification_log (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    task_id     BIGINT       NOT NULL,
    attempt     INT          NOT NULL,
    status_code INT          NULL,
    error       VARCHAR(512) NULL,
    duration_ms BIGINT       NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY idx_notification_log_task (task_id, id)
) ENGINE = InnoDB;
