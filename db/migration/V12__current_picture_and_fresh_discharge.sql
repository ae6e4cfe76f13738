-- Discharge on fresh values (design.md section 8, issue 12). The DISCHARGE rules now see as
-- `reading` only the values measured since dosing started and within infusion.discharge.freshness
-- (PT30M by default) before the discharge time, so a criterion whose value is missing or older is
-- absent. Each criterion that must be measured before the patient leaves gets a blocker of its own
-- for that case, with the age of the last value as the matched value; the value rules keep judging
-- the values. NEWS2 of the current picture needs no schema change: it is computed from the readings.

-- A missing MOAA/S is now DISCHARGE_MOAAS_NOT_FRESH; this rule keeps the value criterion only, so
-- that a stale or absent score gives one blocker that says so.
insert into rule (id, clinic_id, code, version, seed_table, seed_row, severity, trigger, condition, matched_value,
                  message, source, enabled, created_at, created_by, change_reason)
select gen_random_uuid(), '*', code, version + 1, seed_table, seed_row, severity, trigger,
       'has(reading.sedationMoaas) && reading.sedationMoaas < (has(baseline.sedationMoaas) ? baseline.sedationMoaas : 5)',
       '''MOAA/S '' + string(reading.sedationMoaas)',
       'Sedation has not returned to the pre-dose MOAA/S',
       source, enabled, now(), 'seed',
       'Discharge sees only values measured within infusion.discharge.freshness: a missing or stale MOAA/S is now '
           || 'the blocker DISCHARGE_MOAAS_NOT_FRESH, and this rule judges the value alone (issue 12)'
from rule
where clinic_id = '*' and code = 'DISCHARGE_SEDATION'
  and version = (select max(version) from rule where clinic_id = '*' and code = 'DISCHARGE_SEDATION');

-- One blocker per criterion not measured recently. The matched value says how long ago the last
-- value after dosing started was measured (session.readings are in clinical order, each with its
-- minutesAgo), or that there was none.
insert into rule (id, clinic_id, code, version, seed_table, seed_row, severity, trigger, condition, matched_value,
                  message, source, created_at, created_by)
select gen_random_uuid(), '*', code, 1, seed_table, seed_row, 'WARNING', 'DISCHARGE', '!has(reading.' || field || ')',
       'session.readings.exists(r, has(r.' || field || ') && !r.preDose) ? ''last '' + string(int('
           || 'session.readings.filter(r, has(r.' || field || ') && !r.preDose)[size('
           || 'session.readings.filter(r, has(r.' || field || ') && !r.preDose)) - 1].minutesAgo)) + '' min ago'''
           || ' : ''none since dosing started''',
       message, source, now(), 'seed'
from (values
    ('DISCHARGE_BP_NOT_FRESH', 'RISK', 'Blood pressure', 'systolic',
     'Blood pressure not measured in the last 30 minutes (infusion.discharge.freshness)',
     'S1 (blood pressure before the session ends); S3 (blood pressure until stable); '
         || 'the 30-minute freshness is a design default'),
    ('DISCHARGE_SPO2_NOT_FRESH', 'RISK', 'Breathing trouble', 'spo2',
     'SpO2 not measured in the last 30 minutes (infusion.discharge.freshness)',
     'S2 (pulse oximetry; monitor until respiratory depression has resolved); S3 (pulse oximetry at every '
         || 'session); the 30-minute freshness is a design default'),
    ('DISCHARGE_MOAAS_NOT_FRESH', 'SIDE_EFFECT', 'Feeling sleepy', 'sedationMoaas',
     'Sedation (MOAA/S) not assessed in the last 30 minutes (infusion.discharge.freshness)',
     'S2 (monitor until sedation has resolved); the 30-minute freshness is a design default'),
    ('DISCHARGE_CADSS_NOT_FRESH', 'SIDE_EFFECT', 'Out-of-body sensations', 'dissociationCadss',
     'Dissociation (CADSS) not assessed in the last 30 minutes (infusion.discharge.freshness)',
     'S2 (monitor until dissociation has resolved); S6; the 30-minute freshness is a design default')
) as seed (code, seed_table, seed_row, field, message, source);
