-- Rule evaluation errors: a rule that could not be evaluated on a real record (a reading, an
-- adverse event, the start of dosing, a discharge, the clock sweep), one row per rule and record.
-- Until now such a rule counted as "no match" and nobody was told, so a mistyped edit could
-- silence a CRITICAL rule. GET /rules/{code} shows the clinic's errors of the last 24 hours.
--
-- A log, like the audit trail: written apart from the record's own transaction (by a background
-- writer, docs/decisions.md), so that an error on a request that was refused (409) still counts.
-- No foreign key to the session: the writer must never wait on the lock a request holds on it.

create table rule_evaluation_error (
    id            bigint       generated always as identity primary key,
    clinic_id     text         not null check (length(clinic_id) between 1 and 64),
    rule_id       uuid         not null references rule (id),
    rule_code     text         not null check (rule_code ~ '^[A-Z][A-Z0-9_]{1,63}$'),
    rule_version  integer      not null check (rule_version >= 1),
    trigger       text         not null check (trigger in ('READING', 'ADVERSE_EVENT', 'DOSING_START', 'DOSING_END', 'DISCHARGE', 'CLOCK')),
    session_id    uuid         not null,
    message       text         not null check (length(message) between 1 and 500),
    occurred_at   timestamptz  not null
);

-- "This clinic's errors of this rule in the last 24 hours, the newest first."
create index rule_evaluation_error_recent on rule_evaluation_error (clinic_id, rule_code, occurred_at desc);
