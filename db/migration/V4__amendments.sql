-- Amendments instead of edits: a reading or adverse event is never changed in place. A correction
-- is a new row that supersedes the old one (which becomes AMENDED); a retraction marks the row
-- ENTERED_IN_ERROR with who, when and why. Only FINAL rows are "the session's records".
-- V3 is reserved for the audit table.
--
-- The retraction has columns of its own rather than reusing amendment_reason: a correction that
-- is later retracted keeps the reason it was written with (OpenMRS keeps void_reason apart likewise).
-- Existing rows are FINAL originals whose author was not recorded (recorded_by null).

alter table vital_reading
    add column status             text        not null default 'FINAL'
                                  check (status in ('FINAL', 'AMENDED', 'ENTERED_IN_ERROR')),
    add column supersedes         uuid        references vital_reading (id),
    add column recorded_by        text,
    add column amendment_reason   text        check (length(amendment_reason) between 1 and 1000),
    add column retracted_at       timestamptz,
    add column retracted_by       text,
    add column retraction_reason  text        check (length(retraction_reason) between 1 and 1000),
    -- A version is corrected once: the unique index is also the one the history walks forward on.
    add constraint vital_reading_supersedes_once unique (supersedes),
    add constraint vital_reading_supersedes_other check (supersedes <> id),
    add constraint vital_reading_amendment_reason check ((supersedes is null) = (amendment_reason is null)),
    add constraint vital_reading_retraction check (
        (status = 'ENTERED_IN_ERROR') = (retraction_reason is not null)
        and (retraction_reason is null) = (retracted_at is null));

alter table adverse_event
    add column status             text        not null default 'FINAL'
                                  check (status in ('FINAL', 'AMENDED', 'ENTERED_IN_ERROR')),
    add column supersedes         uuid        references adverse_event (id),
    add column recorded_by        text,
    add column amendment_reason   text        check (length(amendment_reason) between 1 and 1000),
    add column retracted_at       timestamptz,
    add column retracted_by       text,
    add column retraction_reason  text        check (length(retraction_reason) between 1 and 1000),
    add constraint adverse_event_supersedes_once unique (supersedes),
    add constraint adverse_event_supersedes_other check (supersedes <> id),
    add constraint adverse_event_amendment_reason check ((supersedes is null) = (amendment_reason is null)),
    add constraint adverse_event_retraction check (
        (status = 'ENTERED_IN_ERROR') = (retraction_reason is not null)
        and (retraction_reason is null) = (retracted_at is null));

-- What every screen and rule reads is a session's FINAL rows in clinical order: partial indexes
-- hold exactly those, so superseded versions never cost a read. The full session indexes of V1
-- stay for ?includeAmended=true.
create index vital_reading_session_final on vital_reading (session_id, measured_at, recorded_at)
    where status = 'FINAL';
create index adverse_event_session_final on adverse_event (session_id, onset_at, recorded_at)
    where status = 'FINAL';
