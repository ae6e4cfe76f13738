-- Every adverse event type has a rule, and unresolved events block discharge (design.md section 8).
--
-- Grade 3 or more is CRITICAL for every type by that type's own rule, so the flag names the row
-- of the table it belongs to: the types that had no rule of their own (SEDATION, DISSOCIATION,
-- OTHER) get the CTCAE ladder G1 INFO, G2 WARNING, G3+ CRITICAL; COGNITIVE (judged so far only at
-- discharge) and HYPERTENSION (CRITICAL so far only at grade 4, the crisis) get their grade 3.
-- `serious` is a criterion of its own, apart from the grade: a serious event below grade 3 is
-- CRITICAL by ADVERSE_EVENT_SERIOUS; from grade 3 on, the type's own CRITICAL rule already calls
-- the prescriber, and a second CRITICAL flag for the same event would only be one more to
-- acknowledge. The seed tables have no row for events outside them: OTHER and the seriousness
-- rule sit in the risk table's "Heart problems" row ("rare, doctor must be around"), which
-- already holds the rules that call the prescriber whatever the organ (PRESCRIBER_OFF_SITE,
-- CONTRAINDICATION_ON_FILE).
--
-- DISCHARGE_UNRESOLVED_EVENT reads session.unresolvedEvents (the events in force without an
-- outcome, of type Event): acknowledging the event's flag does not clear it, resolving the event
-- does.
insert into rule (id, clinic_id, code, version, seed_table, seed_row, severity, trigger, condition, matched_value,
                  message, source, created_at, created_by)
select gen_random_uuid(), '*', code, 1, seed_table, seed_row, severity, trigger, condition, matched_value,
       message, source, now(), 'seed'
from (values
    ('SEDATION_G1', 'SIDE_EFFECT', 'Feeling sleepy', 'INFO', 'ADVERSE_EVENT',
     'event.type == ''SEDATION'' && event.grade == 1',
     '''SEDATION grade '' + string(event.grade)',
     'Sedation reported, CTCAE grade 1 (decreased alertness)',
     'S28 (CTCAE v5.0 Depressed level of consciousness)'),
    ('SEDATION_G2', 'SIDE_EFFECT', 'Feeling sleepy', 'WARNING', 'ADVERSE_EVENT',
     'event.type == ''SEDATION'' && event.grade == 2',
     '''SEDATION grade '' + string(event.grade)',
     'Sedation reported, CTCAE grade 2 (slow response to stimuli)',
     'S28 (CTCAE v5.0 Depressed level of consciousness)'),
    ('SEDATION_G3', 'SIDE_EFFECT', 'Feeling sleepy', 'CRITICAL', 'ADVERSE_EVENT',
     'event.type == ''SEDATION'' && event.grade >= 3',
     '''SEDATION grade '' + string(event.grade)',
     'Sedation reported, CTCAE grade 3 or higher (difficult to arouse)',
     'S28 (CTCAE v5.0 Depressed level of consciousness)'),
    ('DISSOCIATION_G1', 'SIDE_EFFECT', 'Out-of-body sensations', 'INFO', 'ADVERSE_EVENT',
     'event.type == ''DISSOCIATION'' && event.grade == 1',
     '''DISSOCIATION grade '' + string(event.grade)',
     'Dissociation reported, grade 1 (mild)',
     'design default (CTCAE has no dissociation term); S28 (CTCAE v5.0 general grade meanings)'),
    ('DISSOCIATION_G2', 'SIDE_EFFECT', 'Out-of-body sensations', 'WARNING', 'ADVERSE_EVENT',
     'event.type == ''DISSOCIATION'' && event.grade == 2',
     '''DISSOCIATION grade '' + string(event.grade)',
     'Dissociation reported, grade 2 (moderate)',
     'design default (CTCAE has no dissociation term); S28 (CTCAE v5.0 general grade meanings)'),
    ('DISSOCIATION_G3', 'SIDE_EFFECT', 'Out-of-body sensations', 'CRITICAL', 'ADVERSE_EVENT',
     'event.type == ''DISSOCIATION'' && event.grade >= 3',
     '''DISSOCIATION grade '' + string(event.grade)',
     'Dissociation reported, grade 3 or higher (severe)',
     'design default (CTCAE has no dissociation term); S28 (CTCAE v5.0 general grade meanings); design.md section 8'),
    ('HYPERTENSION_G3', 'SIDE_EFFECT', 'Blood pressure spike', 'CRITICAL', 'ADVERSE_EVENT',
     'event.type == ''HYPERTENSION'' && event.grade == 3',
     '''HYPERTENSION grade '' + string(event.grade)',
     'Hypertension reported, CTCAE grade 3 (medical intervention)',
     'S28 (CTCAE v5.0 Hypertension G3); design.md section 8'),
    ('OTHER_G1', 'RISK', 'Heart problems', 'INFO', 'ADVERSE_EVENT',
     'event.type == ''OTHER'' && event.grade == 1',
     '''OTHER grade '' + string(event.grade)',
     'Other adverse event reported, CTCAE grade 1 (mild)',
     'S28 (CTCAE v5.0 general grade meanings, "Other, specify")'),
    ('OTHER_G2', 'RISK', 'Heart problems', 'WARNING', 'ADVERSE_EVENT',
     'event.type == ''OTHER'' && event.grade == 2',
     '''OTHER grade '' + string(event.grade)',
     'Other adverse event reported, CTCAE grade 2 (moderate)',
     'S28 (CTCAE v5.0 general grade meanings, "Other, specify")'),
    ('OTHER_G3', 'RISK', 'Heart problems', 'CRITICAL', 'ADVERSE_EVENT',
     'event.type == ''OTHER'' && event.grade >= 3',
     '''OTHER grade '' + string(event.grade)',
     'Other adverse event reported, CTCAE grade 3 or higher (severe or life-threatening)',
     'S28 (CTCAE v5.0 general grade meanings, "Other, specify"); design.md section 8'),
    ('ADVERSE_EVENT_SERIOUS', 'RISK', 'Heart problems', 'CRITICAL', 'ADVERSE_EVENT',
     'event.serious && event.grade <= 2',
     'event.type + '' grade '' + string(event.grade) + '', serious''',
     'Serious adverse event reported (grade 1 or 2): prescriber now',
     'design.md section 8 (serious is CRITICAL for any type)'),
    ('COGNITIVE_G3', 'RISK', 'Brain fog', 'CRITICAL', 'ADVERSE_EVENT',
     'event.type == ''COGNITIVE'' && event.grade >= 3',
     '''COGNITIVE grade '' + string(event.grade)',
     'Cognitive disturbance reported, CTCAE grade 3 or higher (severe)',
     'S28 (CTCAE v5.0 Cognitive disturbance); design.md section 8'),
    ('DISCHARGE_UNRESOLVED_EVENT', 'SESSION', 'Discharge', 'CRITICAL', 'DISCHARGE',
     'session.unresolvedEvents.exists(e, e.serious || e.grade >= 3 || e.type in [''SEDATION'', ''RESPIRATORY'', ''CARDIAC'', ''HYPERTENSION'', ''PSYCHOSIS'', ''SUICIDAL_IDEATION''])',
     'session.unresolvedEvents.filter(e, e.serious || e.grade >= 3 || e.type in [''SEDATION'', ''RESPIRATORY'', ''CARDIAC'', ''HYPERTENSION'', ''PSYCHOSIS'', ''SUICIDAL_IDEATION'']).map(e, e.type + '' grade '' + string(e.grade) + (e.serious ? '' (serious)'' : ''''))',
     'An adverse event that must be resolved before discharge has no outcome yet (serious, grade 3 or more, or sedation, respiratory, cardiac, hypertension, psychosis or suicidal ideation)',
     'S2 (monitor until sedation, dissociation and respiratory depression have resolved); design.md section 8')
) as seed (code, seed_table, seed_row, severity, trigger, condition, matched_value, message, source);
