-- Bedside monitors (IHE PCD-01, HL7 v2 ORU^R01 over MLLP): a session's chair, the clinic's map of
-- monitors to chairs, where each reading came from, and the messages already stored (so that a
-- monitor's resent message is acknowledged and stored once).

-- The chair (or bay) a session takes place in: what a monitor is mapped to. Optional; at most one
-- open session per clinic and chair, so that a monitor's reading has exactly one session to join.
alter table treatment_session
    add column chair text check (length(chair) between 1 and 32);

create unique index treatment_session_open_chair on treatment_session (clinic_id, chair)
    where chair is not null and status in ('PLANNED', 'DOSING', 'OBSERVATION');

-- Who sent a reading: 'api' (a person over HTTP) or 'monitor:<device id>'. Readings stored before
-- this migration were all entered over HTTP.
alter table vital_reading
    add column source text not null default 'api' check (length(source) between 1 and 80);

-- The clinic's monitors: a device id (what the monitor sends in OBX-18, else MSH-3) and the chair
-- it stands at. Device ids are the clinic's own; the same id in two clinics makes its messages
-- ambiguous, and they are refused (docs/monitors.md).
create table monitor_device (
    clinic_id   text         not null check (length(clinic_id) between 1 and 64),
    device_id   text         not null check (device_id ~ '^[A-Za-z0-9._-]{1,64}$'),
    chair       text         not null check (length(chair) between 1 and 32),
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    updated_by  text         not null,
    primary key (clinic_id, device_id)
);

-- A message's device is looked up without a clinic (MLLP carries no token).
create index monitor_device_by_device on monitor_device (device_id);

-- The messages stored, by the sending device's clinic, the device and the message control id
-- (MSH-10): a resent message finds its reading here and gets the same acknowledgement.
create table monitor_message (
    clinic_id        text         not null check (length(clinic_id) between 1 and 64),
    device_id        text         not null,
    control_id       text         not null check (length(control_id) between 1 and 199),
    reading_id       uuid         not null references vital_reading (id),
    acknowledged_at  timestamptz  not null,
    primary key (clinic_id, device_id, control_id)
);
