-- Readings in force of a session in full clinical order (measured, recorded, then id), so that
-- "the latest value of X before this reading" is the first row of an index range, not a sort of
-- every reading in the window: a bedside monitor fills the window quickly. It serves every query
-- the index it replaces served (the same leading columns).
create index vital_reading_session_final_order
    on vital_reading (session_id, measured_at, recorded_at, id) where status = 'FINAL';
drop index vital_reading_session_final;
