-- Who acted and which request, kept apart from what the client says about itself.
--
-- actor is the token's stable subject (sub); actor_name is the display name it carried
-- (preferred_username, else name), for people reading the trail, and never used to match anyone.
-- request_id is the server's own id for the request; client_request_id is the X-Request-Id the
-- client sent, when it was a sane one, so that the two can never be confused.

alter table audit_event add column actor_name text check (length(actor_name) between 1 and 200);
alter table audit_event add column client_request_id text check (client_request_id ~ '^[!-~]{1,100}$');

-- Idempotency keys belong to one person of a clinic: another nurse sending the same key and body
-- makes a request of her own. A key stored before this migration names nobody, and handing its
-- answer to anyone of the clinic is what this change forbids, so such keys are dropped (they are
-- retry caches of a day or two, not records; a retry across the upgrade is a new request).
delete from idempotency_key;
alter table idempotency_key add column actor text not null check (length(actor) between 1 and 200);
alter table idempotency_key drop constraint idempotency_key_pkey;
alter table idempotency_key add primary key (clinic_id, actor, key);
