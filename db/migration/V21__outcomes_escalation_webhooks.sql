-- Outcome measures, escalation of unanswered CRITICAL flags, and the clinic's webhooks.
--
-- An assessment is a clinical record of the patient (PHQ-9, GAD-7, PCL-5), optionally taken at one
-- of the patient's sessions; like readings it is corrected by amendment, never edited. Its total and
-- band are stored as computed when it was written, so that the course reads what the clinic saw.
create table assessment (
    id                 uuid         primary key,
    clinic_id          text         not null check (length(clinic_id) between 1 and 64),
    patient_id         uuid         not null references patient (id),
    session_id         uuid         references treatment_session (id),
    instrument         text         not null check (instrument in ('PHQ9', 'GAD7', 'PCL5')),
    answers            smallint[]   not null check (cardinality(answers) between 7 and 20),
    total              smallint     not null check (total between 0 and 80),
    band               text         not null check (length(band) between 1 and 40),
    completed_at       timestamptz  not null,
    recorded_at        timestamptz  not null,
    status             text         not null default 'FINAL' check (status in ('FINAL', 'AMENDED', 'ENTERED_IN_ERROR')),
    supersedes         uuid         references assessment (id),
    recorded_by        text,
    amendment_reason   text         check (length(amendment_reason) between 1 and 1000),
    retracted_at       timestamptz,
    retracted_by       text,
    retraction_reason  text         check (length(retraction_reason) between 1 and 1000),
    constraint assessment_supersedes_once unique (supersedes),
    constraint assessment_supersedes_other check (supersedes <> id),
    constraint assessment_amendment_reason check ((supersedes is null) = (amendment_reason is null)),
    constraint assessment_retraction check (
        (status = 'ENTERED_IN_ERROR') = (retraction_reason is not null)
        and (retraction_reason is null) = (retracted_at is null))
);

-- The course of one instrument: a patient's assessments in force in clinical order.
create index assessment_course on assessment (patient_id, instrument, completed_at, recorded_at)
    where status = 'FINAL';

-- Flags of a patient without a session (an assessment taken between sessions), and what escalation
-- writes on a flag. A flag names its session, or its patient, or both.
alter table flag
    alter column session_id drop not null,
    add column patient_id     uuid         references patient (id),
    add column assessment_id  uuid         references assessment (id),
    add column escalations    integer      not null default 0 check (escalations >= 0),
    add column escalated_at   timestamptz,
    add constraint flag_of_session_or_patient check (session_id is not null or patient_id is not null),
    add constraint flag_escalation check ((escalations = 0) = (escalated_at is null));

-- One open flag per patient and rule when there is no session: a repeat counts an occurrence.
create unique index flag_patient_one_open_per_rule on flag (patient_id, rule_code)
    where status = 'OPEN' and session_id is null;
create index flag_patient_raised on flag (patient_id, raised_at) where session_id is null;
-- What the escalation job looks for: the open CRITICAL flags, across clinics.
create index flag_open_critical on flag (raised_at) where status = 'OPEN' and severity = 'CRITICAL';

alter table rule drop constraint rule_trigger_check;
alter table rule add constraint rule_trigger_check
    check (trigger in ('READING', 'ADVERSE_EVENT', 'DOSING_START', 'DOSING_END', 'DISCHARGE', 'CLOCK', 'ASSESSMENT'));
alter table rule_evaluation_error drop constraint rule_evaluation_error_trigger_check;
alter table rule_evaluation_error add constraint rule_evaluation_error_trigger_check
    check (trigger in ('READING', 'ADVERSE_EVENT', 'DOSING_START', 'DOSING_END', 'DISCHARGE', 'CLOCK', 'ASSESSMENT'));
alter table rule_evaluation_error alter column session_id drop not null;

alter table stream_event drop constraint stream_event_type_check;
alter table stream_event add constraint stream_event_type_check check (type in (
    'session.created', 'session.updated',
    'vitals.recorded', 'vitals.amended', 'vitals.retracted',
    'adverse-event.recorded', 'adverse-event.amended', 'adverse-event.resolved', 'adverse-event.retracted',
    'flag.raised', 'flag.acknowledged', 'flag.escalated',
    'ledger.discrepancy',
    'assessment.recorded', 'assessment.amended', 'assessment.retracted'));

-- PHQ-9 item 9 (thoughts of self-harm) above 0 needs a clinician the same day (docs/outcomes.md).
-- The risk table's suicidal-ideation line sits in its "Brain fog / odd thoughts" row.
insert into rule (id, clinic_id, code, version, seed_table, seed_row, severity, trigger, condition, matched_value,
                  message, source, created_at, created_by)
values (gen_random_uuid(), '*', 'PHQ9_ITEM9', 1, 'RISK', 'Brain fog', 'CRITICAL', 'ASSESSMENT',
        'assessment.instrument == ''PHQ9'' && assessment.answers[8] > 0',
        '''PHQ-9 item 9 = '' + string(assessment.answers[8])',
        'PHQ-9 item 9 (thoughts of self-harm) above 0: same-day clinician review',
        'PHQ-9 (Kroenke, Spitzer, Williams 2001), item 9; same-day review of any positive answer', now(), 'seed');

-- A clinic's webhooks: where to send which events, and the secret that signs them (stored as given,
-- never answered; docs/webhooks.md).
create table webhook (
    clinic_id    text         not null check (length(clinic_id) between 1 and 64),
    name         text         not null check (name ~ '^[A-Za-z0-9._-]{1,64}$'),
    url          text         not null check (url ~ '^https?://' and length(url) <= 2000),
    secret       text         not null check (length(secret) between 16 and 200),
    events       text[]       not null check (cardinality(events) >= 1),
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    updated_by   text         not null,
    primary key (clinic_id, name)
);

-- The outbox: one delivery per event and webhook that wants it, written by the trigger below in
-- the transaction that wrote the event, so that an event is delivered if and only if it committed.
create table webhook_delivery (
    id               uuid         primary key,
    clinic_id        text         not null,
    webhook_name     text         not null,
    event_type       text         not null,
    payload          text         not null,
    created_at       timestamptz  not null,
    status           text         not null default 'PENDING' check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         integer      not null default 0 check (attempts >= 0),
    next_attempt_at  timestamptz,
    delivered_at     timestamptz,
    foreign key (clinic_id, webhook_name) references webhook (clinic_id, name) on delete cascade,
    constraint webhook_delivery_next check ((status = 'PENDING') = (next_attempt_at is not null))
);

create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'PENDING';
create index webhook_delivery_of_hook on webhook_delivery (clinic_id, webhook_name, created_at desc);

-- Every attempt: when, what the receiver answered (or why there was no answer), when the next is due.
create table webhook_attempt (
    delivery_id      uuid         not null references webhook_delivery (id) on delete cascade,
    attempt          integer      not null check (attempt >= 1),
    attempted_at     timestamptz  not null,
    status_code      integer,
    error            text         check (length(error) <= 500),
    next_attempt_at  timestamptz,
    primary key (delivery_id, attempt)
);

create function webhook_outbox() returns trigger language plpgsql as $$
begin
    insert into webhook_delivery (id, clinic_id, webhook_name, event_type, payload, created_at, next_attempt_at)
    select gen_random_uuid(), w.clinic_id, w.name, new.type, new.payload, new.created_at, new.created_at
    from webhook w
    where w.clinic_id = new.clinic_id and new.type = any (w.events);
    return null;
end;
$$;

create trigger stream_event_to_webhooks after insert on stream_event
    for each row execute function webhook_outbox();
