-- Messages this service could not process and will not retry: unreadable bodies (recorded at once) and
-- messages that exhausted the broker's redeliveries. Kept for inspection and resubmission.
CREATE TABLE dead_letter (
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
