-- Flyway callback, run after every migrate (so the tables of later migrations are covered too), as
-- the migration role that owns the schema. It gives the runtime role the service runs as
-- (${runtime_role}, the datasource's user) what the service needs and nothing more: it reads and
-- writes the tables, but may only insert into and read audit_event and controlled_entry, never touches Flyway's history
-- and owns nothing, so it cannot ALTER or DROP a table, nor disable or drop the audit trail's
-- trigger. Granted in one statement, so one transaction: a running instance never sees a table
-- between the revoke and the grant. See docs/decisions.md, "Database roles".
do $$
declare
    app     text := '${runtime_role}';
    here    text := '${flyway:defaultSchema}';
    history text := '${flyway:table}';
begin
    if not exists (select from pg_roles where rolname = app) then
        raise exception 'the runtime role "%" (DB_USER) does not exist: create it first (docs/decisions.md, "Database roles")', app;
    end if;
    -- Refused rather than skipped: with the owner's powers the service could rewrite the trail.
    if exists (select from pg_roles where rolname = app and (rolsuper or rolbypassrls)) then
        raise exception 'the runtime role "%" (DB_USER) is a superuser: the service must not run as one (docs/decisions.md, "Database roles")', app;
    end if;
    if pg_has_role(app, (select nspowner from pg_namespace where nspname = here), 'MEMBER')
            or exists (select from pg_tables where schemaname = here and pg_has_role(app, tableowner, 'MEMBER')) then
        raise exception 'the runtime role "%" (DB_USER) owns the schema "%" or its tables: run the service as another role than the migrations (DB_MIGRATION_USER)', app, here;
    end if;

    execute format('revoke all on schema %I from %I', here, app);
    execute format('grant usage on schema %I to %I', here, app);
    execute format('revoke all on all tables in schema %I from %I', here, app);
    execute format('grant select, insert, update, delete on all tables in schema %I to %I', here, app);
    execute format('revoke update, delete on table %I.audit_event from %I', here, app);
    execute format('revoke update, delete on table %I.controlled_entry from %I', here, app);
    execute format('revoke all on table %I.%I from %I', here, history, app);
    execute format('revoke all on all sequences in schema %I from %I', here, app);
    execute format('grant usage, select on all sequences in schema %I to %I', here, app);
end $$;
