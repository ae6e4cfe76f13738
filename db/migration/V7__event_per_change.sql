-- One stream event per change, named for what happened: a new session, an amended or retracted
-- reading, an amended, resolved or retracted adverse event each get a name of their own (before,
-- a correction was published as if it were a new record). The names are those of
-- org.infusiontracker.events.EventType; rows written under the old names stay valid.

alter table stream_event drop constraint stream_event_type_check;
alter table stream_event add constraint stream_event_type_check check (type in (
    'session.created', 'session.updated',
    'vitals.recorded', 'vitals.amended', 'vitals.retracted',
    'adverse-event.recorded', 'adverse-event.amended', 'adverse-event.resolved', 'adverse-event.retracted',
    'flag.raised', 'flag.acknowledged'));
