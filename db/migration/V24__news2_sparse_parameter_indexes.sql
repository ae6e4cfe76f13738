-- The NEWS2 picture of a reading takes the latest value of each parameter before it. Respiratory
-- rate, SpO2, systolic pressure and heart rate are in almost every reading, so the clinical-order
-- index (V23) finds them in its first rows. Supplemental oxygen, consciousness and temperature are
-- recorded rarely (a nurse's entry, a monitor's occasional temperature): the lookup walked every
-- reading of the window to find none, hundreds of rows per reading when a monitor sends every few
-- seconds. Each gets a partial index of the readings that carry it, small and written only by them.
create index vital_reading_session_final_on_oxygen
    on vital_reading (session_id, measured_at, recorded_at, id) where status = 'FINAL' and on_oxygen is not null;
create index vital_reading_session_final_consciousness
    on vital_reading (session_id, measured_at, recorded_at, id) where status = 'FINAL' and consciousness is not null;
create index vital_reading_session_final_temperature
    on vital_reading (session_id, measured_at, recorded_at, id) where status = 'FINAL' and temperature_c is not null;
