-- One SKU, one identity: SQL compares SKUs exactly, as Java and inventory_db (V3 there) do.
ALTER TABLE order_item MODIFY sku VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
