-- The webhook outbox (V21) was filled by a trigger for each row of stream_event: a function call
-- and a query of the clinic's webhooks for every event, whether or not any webhook wants it. Events
-- are now written many to one statement (every event of a transaction, and of the monitors'
-- messages committed together), so the outbox is filled once per statement from the rows it
-- inserted, in the order of their ids, as before.
create function webhook_outbox_of_statement() returns trigger language plpgsql as $$
begin
    insert into webhook_delivery (id, clinic_id, webhook_name, event_type, payload, created_at, next_attempt_at)
    select gen_random_uuid(), w.clinic_id, w.name, e.type, e.payload, e.created_at, e.created_at
    from inserted_events e
    join webhook w on w.clinic_id = e.clinic_id and e.type = any (w.events)
    order by e.id, w.name;
    return null;
end;
$$;

create trigger stream_event_to_webhooks_per_statement after insert on stream_event
    referencing new table as inserted_events
    for each statement execute function webhook_outbox_of_statement();

drop trigger stream_event_to_webhooks on stream_event;
drop function webhook_outbox();
