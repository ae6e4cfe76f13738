-- Course of care (design.md section 8): what an emergency produces is stored, not refused; the
-- nausea score feeds a rule; loss of consciousness is CRITICAL at any time. (Dose plausibility
-- is checked by the API when a session is planned; it needs no schema change.)

-- SpO2 from 0 and heart rate from 0 to 300: a monitor shows such values in exactly the moments
-- that matter, and a refused reading is a lost one. The rules flag them (SPO2_CRITICAL,
-- HR_LOW_CRITICAL, HR_HIGH_CRITICAL). SpO2 over 100 stays impossible. The constraints are V1's
-- column checks, under the names PostgreSQL generated for them.
alter table vital_reading drop constraint vital_reading_spo2_check;
alter table vital_reading add constraint vital_reading_spo2_check check (spo2 between 0 and 100);
alter table vital_reading drop constraint vital_reading_heart_rate_check;
alter table vital_reading add constraint vital_reading_heart_rate_check check (heart_rate between 0 and 300);

-- New shipped rules (version 1 for every clinic).
insert into rule (id, clinic_id, code, version, seed_table, seed_row, severity, trigger, condition, matched_value,
                  message, source, created_at, created_by)
select gen_random_uuid(), '*', code, 1, seed_table, seed_row, severity, trigger, condition, matched_value,
       message, source, now(), 'seed'
from (values
    ('NAUSEA_SCORE', 'SIDE_EFFECT', 'Queasiness', 'WARNING', 'READING',
     'has(reading.nausea) && reading.nausea >= 7',
     '''nausea '' + string(reading.nausea) + ''/10''',
     'Nausea 7 or more on the 0-10 scale',
     'S38 (SNOMED 700471003 level of nausea, a 0-10 value); the cut-off 7 is a design default'),
    ('ACVPU_UNRESPONSIVE', 'SIDE_EFFECT', 'Confusion', 'CRITICAL', 'READING',
     'has(reading.consciousness) && reading.consciousness in [''PAIN'', ''UNRESPONSIVE'']',
     'reading.consciousness',
     'Responds only to pain, or unresponsive: loss of consciousness, at any time',
     'S30 (a single score of 3 calls for urgent review) + S8 (MOAA/S 0 = loss of consciousness) + S26 (MOAA/S 1 responds only to pain)')
) as seed (code, seed_table, seed_row, severity, trigger, condition, matched_value, message, source);

-- ACVPU_REDUCED, version 2: voice only. Pain and unresponsive are ACVPU_UNRESPONSIVE, at any time.
-- A clinic's own version of the code keeps winning for that clinic.
insert into rule (id, clinic_id, code, version, seed_table, seed_row, severity, trigger, condition, matched_value,
                  message, source, created_at, created_by, change_reason)
select gen_random_uuid(), '*', code, version + 1, seed_table, seed_row, severity, trigger,
       'has(reading.consciousness) && reading.consciousness == ''VOICE'' && has(reading.minutesAfterDosingStart) && reading.minutesAfterDosingStart >= 90.0',
       matched_value,
       'Reduced consciousness (responds to voice only) 90 minutes or more after dosing started',
       source, now(), 'seed',
       'PAIN and UNRESPONSIVE are now ACVPU_UNRESPONSIVE, CRITICAL at any time (loss of consciousness is not an expected effect of dosing); this version keeps VOICE after the 90-minute window'
from rule
where clinic_id = '*' and code = 'ACVPU_REDUCED'
  and version = (select max(version) from rule where clinic_id = '*' and code = 'ACVPU_REDUCED');
