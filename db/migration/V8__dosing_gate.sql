-- Course of care, part one (design.md section 8): the dosing gate, stopping early, and the dose
-- given against the plan.
--
-- A session keeps a physician's override of the dosing gate with its reason, as it keeps one of
-- discharge readiness; and whether dosing was stopped early (a reaction) with the reason, which
-- a nurse may record: monitoring goes on.

alter table treatment_session
    add column dosing_override          boolean  not null default false,
    add column dosing_override_reason   text     check (length(dosing_override_reason) <= 1000),
    add column dosing_stopped_early     boolean  not null default false,
    add column dosing_stop_reason       text     check (length(dosing_stop_reason) <= 1000),
    add constraint session_dosing_override_reason
        check (not dosing_override or dosing_override_reason is not null),
    add constraint session_dosing_stop_reason
        check ((dosing_stopped_early and dosing_stop_reason is not null)
            or (not dosing_stopped_early and dosing_stop_reason is null)),
    add constraint session_dosing_stop_after_start
        check (not dosing_stopped_early or dosing_ended_at is not null);

-- The end of dosing is a trigger of its own: the dose given is known then.
alter table rule drop constraint rule_trigger_check;
alter table rule add constraint rule_trigger_check
    check (trigger in ('READING', 'ADVERSE_EVENT', 'DOSING_START', 'DOSING_END', 'DISCHARGE', 'CLOCK'));

-- The session table gains a row for the act of dosing itself (the gate and the dose given).
alter table rule drop constraint rule_row_of_table;
alter table rule add constraint rule_row_of_table check (
    (seed_table = 'SIDE_EFFECT' and seed_row in ('Feeling sleepy', 'Out-of-body sensations', 'Lightheadedness',
        'Confusion', 'Queasiness', 'Vomiting', 'Blood pressure spike', 'Hallucinations'))
    or (seed_table = 'RISK' and seed_row in ('Blood pressure', 'Heart problems', 'Breathing trouble',
        'Addiction and misuse', 'Kidney damage', 'Brain fog'))
    or (seed_table = 'SESSION' and seed_row in ('Discharge', 'Documentation', 'Dosing')));

-- New shipped versions of the two gate rules whose messages spoke of dosing as already started:
-- a CRITICAL dosing-start rule now refuses the start (a blocker) unless a physician overrides.
insert into rule (id, clinic_id, code, version, seed_table, seed_row, severity, trigger, condition, matched_value,
                  message, source, created_at, created_by, change_reason)
select gen_random_uuid(), '*', code, 2, seed_table, seed_row, severity, trigger, condition, matched_value,
       message, source, now(), 'seed', change_reason
from (values
    ('PRESCRIBER_OFF_SITE', 'RISK', 'Heart problems', 'CRITICAL', 'DOSING_START',
     '!session.prescriberOnSite',
     NULL,
     'No prescriber recorded on site: dosing may not start without one',
     'S2 (REMS: healthcare setting with a prescriber on site)',
     'The dosing gate: a CRITICAL dosing-start rule now blocks the start; the message says so'),
    ('CONTRAINDICATION_ON_FILE', 'RISK', 'Heart problems', 'CRITICAL', 'DOSING_START',
     'size(patient.contraindications) > 0',
     'patient.contraindications',
     'A contraindication is on file: dosing needs a physician''s reasoned override',
     'S4, S9 (aneurysmal vascular disease, AVM, intracerebral haemorrhage, hypersensitivity)',
     'The dosing gate: a CRITICAL dosing-start rule now blocks the start; the message says so')
) as v (code, seed_table, seed_row, severity, trigger, condition, matched_value, message, source, change_reason);

-- New rules. At DOSING_START, `reading` holds the latest pre-dose value of each vital sign and
-- session.readings every reading up to the dosing time, each with its minutes before it.
insert into rule (id, clinic_id, code, version, seed_table, seed_row, severity, trigger, condition, matched_value,
                  message, source, created_at, created_by)
select gen_random_uuid(), '*', code, 1, seed_table, seed_row, severity, trigger, condition, matched_value,
       message, source, now(), 'seed'
from (values
    ('PREDOSE_BP_MISSING', 'RISK', 'Blood pressure', 'CRITICAL', 'DOSING_START',
     '!session.readings.exists(r, has(r.systolic) && has(r.diastolic) && r.preDose && r.minutesAgo <= 60.0)',
     NULL,
     'No blood pressure measured in the 60 minutes before dosing',
     'S3, S4 (label: blood pressure before dosing); S1 (form: BP prior to administration); the 60-minute window is a design default'),
    ('PREGNANCY', 'SESSION', 'Dosing', 'CRITICAL', 'DOSING_START',
     '''PREGNANCY'' in patient.riskFactors',
     '''pregnancy on file''',
     'Pregnancy on file: (es)ketamine is not recommended in pregnancy; dosing needs a physician''s reasoned override',
     'S8 (label: embryo-fetal toxicity, not recommended during pregnancy); the section was not re-read for domain.md, UNCONFIRMED wording'),
    ('PSYCHOSIS_HISTORY', 'RISK', 'Brain fog', 'WARNING', 'DOSING_START',
     '''PSYCHOSIS_HISTORY'' in patient.riskFactors',
     NULL,
     'History of psychosis on file: assess before dosing and watch for psychotic symptoms',
     'S14 (assessment with attention to psychosis history); S28 (CTCAE Psychosis)'),
    ('CEREBROVASCULAR_DISEASE', 'RISK', 'Blood pressure', 'WARNING', 'DOSING_START',
     '''CEREBROVASCULAR_DISEASE'' in patient.riskFactors',
     NULL,
     'Cerebrovascular disease on file: a rise in blood pressure is a serious risk; weigh benefit and watch BP closely',
     'S4, S9 (label: patients for whom a BP or intracranial-pressure rise is a serious risk)'),
    ('DOSE_ABOVE_PLAN', 'SESSION', 'Dosing', 'WARNING', 'DOSING_END',
     'has(session.administeredDoseMg) && has(session.plannedDoseMg) && session.administeredDoseMg > session.plannedDoseMg * 1.1',
     'string(session.administeredDoseMg) + '' mg given, '' + string(session.plannedDoseMg) + '' mg planned''',
     'Dose given more than 10 % above the plan',
     'design default (dose-verification practice); S40 (the amount administered is a record of its own)')
) as v (code, seed_table, seed_row, severity, trigger, condition, matched_value, message, source);
