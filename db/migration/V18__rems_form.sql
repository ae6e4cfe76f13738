-- The SPRAVATO REMS Patient Monitoring Form (issue 14). The form itself is computed from the
-- session's records in force; only what the record cannot say is stored: the medicines the
-- patient takes besides (asked on the form as yes/no each), and the clinic's filing of the form.

alter table treatment_session
    add column concomitant_medications text[] not null default '{}' check (concomitant_medications <@ array[
        'BENZODIAZEPINE', 'NON_BENZODIAZEPINE_SEDATIVE_HYPNOTIC', 'PSYCHOSTIMULANT', 'MAOI', 'OPIOID']);

-- One filing per session, never changed: the primary key makes a second one impossible.
create table rems_form_submission (
    session_id    uuid         primary key references treatment_session (id),
    clinic_id     text         not null check (length(clinic_id) between 1 and 64),
    submitted_by  text         not null check (length(submitted_by) between 1 and 200),
    submitted_at  timestamptz  not null,
    note          text         check (length(note) <= 1000)
);

create index rems_form_submission_clinic on rems_form_submission (clinic_id);
-- The clinic's esketamine sessions by discharge time: the list of forms and the overdue count.
create index treatment_session_clinic_discharged on treatment_session (clinic_id, discharged_at)
    where drug = 'ESKETAMINE';
