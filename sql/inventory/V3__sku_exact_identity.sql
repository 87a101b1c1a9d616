-- One SKU, one identity: SQL compares SKUs exactly, as Java does. The default collations (utf8mb4_general_ci on
-- MariaDB, utf8mb4_0900_ai_ci on MySQL 8) are case- and accent-insensitive, so 'sku-1' took stock from 'SKU-1' on
-- the one-message path but was an unknown SKU on the batched path, and an order naming both hit the
-- reservation_line primary key. No existing rows can clash: the old keys were already unique case-insensitively.
ALTER TABLE stock MODIFY sku VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
ALTER TABLE reservation_line MODIFY sku VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
