-- The audit trail: who did what to which record, and who looked at a patient's records.
-- Append-only: the database itself refuses UPDATE, DELETE and TRUNCATE on it.

create table audit_event (
    id           bigint       generated always as identity primary key,
    at           timestamptz  not null,
    clinic_id    text         not null check (length(clinic_id) between 1 and 64),
    actor        text         not null check (length(actor) between 1 and 200),
    roles        text         not null,
    action       text         not null check (action ~ '^[A-Z][A-Z_]{1,31}$'),
    entity       text         not null check (entity ~ '^[a-z][a-z-]{1,31}$'),
    entity_id    text         not null check (length(entity_id) between 1 and 100),
    request_id   text         check (length(request_id) <= 100),
    detail       jsonb
);

create index audit_event_entity on audit_event (clinic_id, entity, entity_id, at);
create index audit_event_clinic_at on audit_event (clinic_id, at);

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_event_no_change before update or delete on audit_event
    for each row execute function audit_event_is_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_is_append_only();
