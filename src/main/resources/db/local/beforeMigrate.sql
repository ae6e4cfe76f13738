-- Dev and test only (their Flyway locations add classpath:db/local): creates the runtime role the
-- service runs as (${runtime_role}) when it is missing, so that a fresh machine needs no setup
-- step. It logs in without a password, which a local server that trusts loopback accepts.
-- Production's roles are made by db/init (docker compose) or by the DBA (docs/decisions.md,
-- "Database roles").
do $$
begin
    if not exists (select from pg_roles where rolname = '${runtime_role}') then
        execute format('create role %I login', '${runtime_role}');
    end if;
exception
    -- Another checkout's test run created it at the same moment.
    when duplicate_object or unique_violation then null;
end $$;
