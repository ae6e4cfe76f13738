-- Database-level settings for the `infusion` database, applied by the postgres
-- image from /docker-entrypoint-initdb.d (see docker-compose.yml).
--
-- This runs ONLY when the data volume is empty (first start). To re-apply it,
-- remove the volume (docker compose down -v) or run the statements by hand.
-- It creates no tables: Flyway, run by the service at start, owns the schema
-- (db/migration).

-- Store and display times in UTC, matching the service (hibernate/jackson use UTC).
ALTER DATABASE infusion SET timezone TO 'UTC';

-- End sessions that sit idle inside an open transaction, so a stuck client
-- cannot hold locks indefinitely. No statement_timeout is set on purpose:
-- Flyway migrations may legitimately run long.
ALTER DATABASE infusion SET idle_in_transaction_session_timeout = '60s';
