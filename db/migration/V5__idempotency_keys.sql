-- Idempotency keys: the first answer to each create a client sent with an Idempotency-Key, so
-- that a retry over bad Wi-Fi gets that answer again instead of storing a second record.
--
-- The primary key decides between concurrent requests with one key: the request that claims
-- the key inserts this row in the same transaction as its write, and a second one waits on the
-- index until the first commits (then replays its answer) or rolls back (then claims the key
-- itself). status, location and body are filled in before that commit, so a committed row
-- always holds a successful answer; a failed request leaves no row behind. Not a clinical
-- record: rows are deleted after infusion.idempotency.retention.

create table idempotency_key (
    clinic_id     text         not null check (length(clinic_id) between 1 and 64),
    key           text         not null check (key ~ '^[ -~]{1,200}$'),
    request_hash  text         not null check (request_hash ~ '^[0-9a-f]{64}$'),
    status        integer      check (status between 200 and 299),
    location      text,
    -- text, not jsonb: a replay answers the first body byte for byte, in its field order.
    body          text,
    created_at    timestamptz  not null,
    primary key (clinic_id, key)
);

-- For the hourly cleanup of expired keys.
create index idempotency_key_created_at on idempotency_key (created_at);
