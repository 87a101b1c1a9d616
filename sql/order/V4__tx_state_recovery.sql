-- Recovery of committed publishes the broker gave up on (half messages discarded to TRANS_CHECK_MAX_TIME_TOPIC after
-- transactionCheckMax check-backs without an answer). A COMMITTED row keeps the exact message body; it is confirmed
-- once its commit was taken by the proxy or a check-back answered COMMIT. A row still unconfirmed after the broker's
-- check window is republished (same event id, body, keys and tag) by any order-producer instance that claims it.
ALTER TABLE tx_state
    ADD COLUMN message_body           MEDIUMBLOB  NULL,
    ADD COLUMN commit_confirmed_at    DATETIME(3) NULL,
    ADD COLUMN republished_at         DATETIME(3) NULL,
    ADD COLUMN recovery_claimed_until DATETIME(3) NULL,
    ADD COLUMN recovery_attempts      INT         NOT NULL DEFAULT 0,
    ADD KEY idx_tx_state_unconfirmed (commit_confirmed_at, created_at);

-- Rows written before this migration have no body to rebuild their message from: nothing can be republished, so they
-- count as confirmed (reconcile still reports any of them that no consumer saw).
UPDATE tx_state SET commit_confirmed_at = created_at WHERE commit_confirmed_at IS NULL;
