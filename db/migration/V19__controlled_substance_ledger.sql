-- The controlled-substance ledger (issue 15): ketamine and esketamine are DEA Schedule III stock,
-- and 21 CFR 1304.22(c) asks for a record of every container received and of every amount
-- administered, wasted or lost. A container keeps its running balance, which may never go below
-- zero nor above what was received; its entries are append-only, and each carries the balance it
-- left, so that the balance can be rebuilt from them (quantity_mg + sum(change_mg) = balance_mg).

create table controlled_container (
    id                  uuid           primary key,
    clinic_id           text           not null check (length(clinic_id) between 1 and 64),
    drug                text           not null check (drug in ('KETAMINE', 'ESKETAMINE')),
    ndc                 text           not null check (ndc ~ '^[0-9]{4,5}-[0-9]{3,4}-[0-9]{1,2}$'),
    lot_number          text           not null check (length(lot_number) between 1 and 40),
    strength_mg_per_ml  numeric(10, 3) not null check (strength_mg_per_ml > 0),
    volume_ml           numeric(10, 3) not null check (volume_ml > 0),
    quantity_mg         numeric(12, 3) not null check (quantity_mg > 0),
    balance_mg          numeric(12, 3) not null check (balance_mg >= 0),
    received_at         timestamptz    not null,
    received_by         text           not null check (length(received_by) between 1 and 200),
    supplier            text           not null check (length(supplier) between 1 and 200),
    supplier_dea        text           not null check (supplier_dea ~ '^[A-Z][A-Z9][0-9]{7}$'),
    invoice             text           not null check (length(invoice) between 1 and 100),
    check (balance_mg <= quantity_mg)
);

create index controlled_container_clinic on controlled_container (clinic_id, received_at);

create table controlled_entry (
    id                uuid           primary key,
    -- The order the entries were written in, which is the order the balance went through.
    seq               bigint         generated always as identity unique,
    clinic_id         text           not null check (length(clinic_id) between 1 and 64),
    container_id      uuid           not null references controlled_container (id),
    kind              text           not null check (kind in ('ADMINISTERED', 'WASTED', 'COUNT', 'LOSS', 'REVERSAL')),
    -- What the entry took out (or, for a reversal, put back); null for a count.
    amount_mg         numeric(12, 3) check (amount_mg > 0),
    -- The entry's effect on the balance: minus the amount taken, plus the amount a reversal restores.
    change_mg         numeric(12, 3) not null,
    counted_mg        numeric(12, 3) check (counted_mg >= 0),
    variance_mg       numeric(12, 3),
    balance_after_mg  numeric(12, 3) not null check (balance_after_mg >= 0),
    session_id        uuid           references treatment_session (id),
    reverses          uuid           unique references controlled_entry (id),
    reason            text           check (length(reason) between 1 and 1000),
    actor             text           not null check (length(actor) between 1 and 200),
    witness           text           check (length(witness) between 1 and 200 and witness <> actor),
    at                timestamptz    not null,
    recorded_at       timestamptz    not null,
    check (case kind
        when 'ADMINISTERED' then amount_mg is not null and change_mg = -amount_mg and session_id is not null
            and counted_mg is null and reverses is null
        when 'WASTED' then amount_mg is not null and change_mg = -amount_mg and witness is not null
            and reason is not null and session_id is null and counted_mg is null and reverses is null
        when 'LOSS' then amount_mg is not null and change_mg = -amount_mg and witness is not null
            and reason is not null and session_id is null and counted_mg is null and reverses is null
        when 'COUNT' then amount_mg is null and change_mg = 0 and witness is not null and counted_mg is not null
            and variance_mg = counted_mg - balance_after_mg and session_id is null and reverses is null
        when 'REVERSAL' then reverses is not null and reason is not null and counted_mg is null
            and session_id is null
    end)
);

create index controlled_entry_container on controlled_entry (container_id, seq);
create index controlled_entry_clinic_at on controlled_entry (clinic_id, at);
create index controlled_entry_session on controlled_entry (session_id) where session_id is not null;

create function controlled_entry_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'controlled_entry is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end;
$$;

create trigger controlled_entry_no_change before update or delete on controlled_entry
    for each row execute function controlled_entry_is_append_only();
create trigger controlled_entry_no_truncate before truncate on controlled_entry
    for each statement execute function controlled_entry_is_append_only();

-- A count that disagrees with the book, or a loss, alerts the clinic at once.
alter table stream_event drop constraint stream_event_type_check;
alter table stream_event add constraint stream_event_type_check check (type in (
    'session.created', 'session.updated',
    'vitals.recorded', 'vitals.amended', 'vitals.retracted',
    'adverse-event.recorded', 'adverse-event.amended', 'adverse-event.resolved', 'adverse-event.retracted',
    'flag.raised', 'flag.acknowledged',
    'ledger.discrepancy'));
