#!/usr/bin/env bash
# The database's two roles, made on the first start (see docker-compose.yml and docs/decisions.md,
# "Database roles"). The postgres image runs this after 01-database-settings.sql, as the superuser.
#
#   infusion_owner  owns the database, and so its schema public: Flyway migrates as it
#                   (DB_MIGRATION_USER) and it owns every table.
#   infusion_app    the service's runtime role (DB_USER). It owns nothing; Flyway's afterMigrate
#                   callback grants it what the service needs, and on audit_event only INSERT and
#                   SELECT, so it cannot change, empty or alter the audit trail or touch its trigger.
#
# The passwords come from the compose file (INFUSION_OWNER_PASSWORD, INFUSION_APP_PASSWORD).
set -euo pipefail
psql -v ON_ERROR_STOP=1 -X --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v db="$POSTGRES_DB" -v owner_password="$INFUSION_OWNER_PASSWORD" -v app_password="$INFUSION_APP_PASSWORD" <<'SQL'
create role infusion_owner login password :'owner_password';
create role infusion_app login password :'app_password';
alter database :"db" owner to infusion_owner;
-- Only the service's roles (and the superuser) connect to it.
revoke all on database :"db" from public;
grant connect on database :"db" to infusion_app;
SQL
