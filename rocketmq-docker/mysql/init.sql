-- One database and one account per service: no service can read another's tables (design §1).
-- The passwords are the compose defaults; override ORDER_DB_PASSWORD etc. and change them here for anything real.
CREATE DATABASE IF NOT EXISTS order_db CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE DATABASE IF NOT EXISTS inventory_db CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE DATABASE IF NOT EXISTS points_db CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
CREATE USER IF NOT EXISTS 'order_svc'@'%' IDENTIFIED BY 'order-secret';
CREATE USER IF NOT EXISTS 'inventory_svc'@'%' IDENTIFIED BY 'inventory-secret';
CREATE USER IF NOT EXISTS 'points_svc'@'%' IDENTIFIED BY 'points-secret';
GRANT ALL PRIVILEGES ON order_db.* TO 'order_svc'@'%';
GRANT ALL PRIVILEGES ON inventory_db.* TO 'inventory_svc'@'%';
GRANT ALL PRIVILEGES ON points_db.* TO 'points_svc'@'%';
-- scripts/reconcile.sh reads all three databases, and only reads: one account that may do just that.
CREATE USER IF NOT EXISTS 'reconcile'@'%' IDENTIFIED BY 'reconcile-secret';
GRANT SELECT ON order_db.* TO 'reconcile'@'%';
GRANT SELECT ON inventory_db.* TO 'reconcile'@'%';
GRANT SELECT ON points_db.* TO 'reconcile'@'%';
FLUSH PRIVILEGES;
