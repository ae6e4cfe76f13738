-- Monitors' control ids are forgotten after infusion.hl7.message-retention (hourly). Rows arrive
-- in the order of their acknowledgement, so a block-range index finds the old ones at almost no
-- cost to each insert.
create index monitor_message_acknowledged on monitor_message using brin (acknowledged_at);
