-- An Idempotency-Key is compared exactly, as the client wrote it: "abc" and "ABC" are two keys. The column had the
-- database's default collation, which ignores case, so a second order under a key differing only in case was answered
-- with the first order (200) and never placed, or refused as a reused key (422). Rows already stored cannot clash:
-- the old unique key was the stricter one.
ALTER TABLE orders MODIFY client_request_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;
