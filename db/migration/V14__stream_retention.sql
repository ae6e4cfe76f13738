-- The stream keeps its events for a retention window (infusion.stream.retention, a day by
-- default): a job deletes older rows by their time, and this index lets it find them without
-- reading the whole table.

create index stream_event_created_at on stream_event (created_at);
