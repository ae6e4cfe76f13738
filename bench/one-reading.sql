-- pgbench script: the statements the service issues for one POST .../vitals with an
-- Idempotency-Key (captured with bench/capture-sql.sh from the service's SQL log), with the
-- same shapes, parameters and indexes. Sessions 1..200 exist (bench/db-limit.sh creates them).
\set s random(1, 200)
BEGIN;
insert into idempotency_key (clinic_id, key, request_hash, created_at) values ('bench', md5(random()::text || clock_timestamp()::text), md5('a') || md5('b'), now()) on conflict (clinic_id, key) do nothing;
select id, abort_reason, aborted_at, administered_dose_mg, clinic_id, created_at, discharge_override, discharge_override_reason, discharged_at, dosing_ended_at, dosing_started_at, drug, indication, lot_number, nurse, patient_id, planned_dose_amount, planned_dose_unit, planned_duration_minutes, prescriber, prescriber_on_site, route, status, version from treatment_session where clinic_id = 'bench' and id = md5('s' || :s)::uuid and clinic_id = 'bench' for share;
insert into audit_event (at, clinic_id, actor, roles, action, entity, entity_id, request_id, detail) values (now(), 'bench', 'bench.nurse', 'nurse', 'CREATE', 'reading', gen_random_uuid()::text, 'req', cast('{"sessionId":"x"}' as jsonb));
insert into vital_reading (amendment_reason, clinic_id, consciousness, diastolic, dissociation_cadss, heart_rate, late_entry, measured_at, nausea, on_oxygen, recorded_at, recorded_by, respiratory_rate, retracted_at, retracted_by, retraction_reason, sedation_moaas, session_id, spo2, status, supersedes, systolic, temperature_c, id) values (null, 'bench', null, 80, null, 72, false, now(), null, null, now(), 'bench.nurse', null, null, null, null, null, md5('s' || :s)::uuid, 98, 'FINAL', null, 120, null, gen_random_uuid());
select * from vital_reading where clinic_id = 'bench' and session_id = md5('s' || :s)::uuid and status = 'FINAL' and measured_at < now() - interval '1 hour' order by measured_at, recorded_at, id fetch first 1 rows only;
select * from vital_reading where clinic_id = 'bench' and session_id = md5('s' || :s)::uuid and status = 'FINAL' and id <> gen_random_uuid() and (measured_at < now() or (measured_at = now() and recorded_at < now())) order by measured_at desc, recorded_at desc fetch first 1 rows only;
with event as (insert into stream_event (clinic_id, type, payload, created_at) values ('bench', 'vitals.recorded', '{"id":"x","systolic":120}', now()) returning clinic_id) select pg_notify('infusion_events_bench', clinic_id) from event;
update idempotency_key set status = 201, location = '/api/v1/vitals/x', body = '{"id":"x"}' where clinic_id = 'bench' and key = md5(:s::text);
COMMIT;
