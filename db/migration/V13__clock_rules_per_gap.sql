-- Clock rules fire once per gap, not once per session (design.md section 8).
--
-- A clock flag names its gap by its matched value: the sweep raises a rule again only for a value
-- that no clock flag of the session and rule has had yet. A rule whose matched value is empty
-- (BP_MISSING_40MIN, SPO2_NOT_MONITORED: the gap is the whole session) still fires once per
-- session. FlagService decides between nothing (same gap), an occurrence on the open flag (a new
-- gap while the last one is still open) and a new flag (a new gap after it was acknowledged); these
-- two unique indexes keep that true whatever several instances do at once.
create unique index flag_clock_once_per_gap on flag (session_id, rule_code, coalesce(matched_value, ''))
    where trigger = 'CLOCK';
drop index flag_clock_once;

-- BP_CADENCE_IV names its gap: the whole minute after dosing started of the latest blood pressure
-- (readings are in clinical order), or the start of dosing when none was measured since. The value
-- stays the same through one gap and changes with the next blood pressure.
insert into rule (id, clinic_id, code, version, seed_table, seed_row, severity, trigger, condition, matched_value,
                  message, source, enabled, created_at, created_by, change_reason)
select gen_random_uuid(), clinic_id, code, version + 1, seed_table, seed_row, severity, trigger, condition,
       'session.readings.exists(r, has(r.systolic) && has(r.minutesAfterDosingStart)) ? ''no blood pressure since minute '' + string(int(session.readings.filter(r, has(r.systolic) && has(r.minutesAfterDosingStart)).map(r, r.minutesAfterDosingStart)[size(session.readings.filter(r, has(r.systolic) && has(r.minutesAfterDosingStart))) - 1])) : ''no blood pressure since dosing started''',
       message, source, enabled, now(), 'seed',
       'Clock rules fire once per gap: the matched value names the gap (the minute of the latest blood pressure after dosing started), so that each missed 15-minute blood pressure of an IV infusion is flagged, not only the first'
from rule
where clinic_id = '*' and code = 'BP_CADENCE_IV'
  and version = (select max(version) from rule where clinic_id = '*' and code = 'BP_CADENCE_IV');
