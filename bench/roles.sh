# Sourced by the scripts that start the packaged service: it runs as the runtime role infusion_app,
# as in production, and Flyway migrates as postgres, the schemas' owner (docs/decisions.md,
# "Database roles"). Creates infusion_app if it is missing, as the dev and test profiles' Flyway
# callback (db/local/beforeMigrate.sql) does; the local server trusts loopback, so the passwords
# below are only there because the service requires one for Flyway.
#
#   env "${db_roles[@]}" DB_URL=... java -jar ...
PGOPTIONS="--client-min-messages=warning" psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1 postgres >/dev/null <<'SQL'
do $$
begin
    if not exists (select from pg_roles where rolname = 'infusion_app') then
        create role infusion_app login;
    end if;
exception
    when duplicate_object or unique_violation then null;
end $$;
SQL
db_roles=(DB_USER=infusion_app DB_PASSWORD=infusion_app DB_MIGRATION_USER=postgres DB_MIGRATION_PASSWORD=postgres)
