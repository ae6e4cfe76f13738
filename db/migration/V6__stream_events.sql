-- The live stream's source of truth: every event a dashboard may see, written in the same
-- transaction as the change it reports. Instances are woken by NOTIFY on channel
-- 'infusion_events' (the payload is the clinic id), but read what to send from here, so a lost
-- NOTIFY delays an event by one poll interval and never loses it.

create table stream_event (
    id           bigint       generated always as identity primary key,
    clinic_id    text         not null check (length(clinic_id) between 1 and 64),
    type         text         not null check (type in ('flag.raised', 'flag.acknowledged', 'session.updated',
                                  'vitals.recorded', 'adverse-event.recorded')),
    payload      text         not null,
    created_at   timestamptz  not null
);

create index stream_event_clinic_id on stream_event (clinic_id, id);

create function stream_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'stream_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end;
$$;

create trigger stream_event_no_update before update on stream_event
    for each row execute function stream_event_is_append_only();
