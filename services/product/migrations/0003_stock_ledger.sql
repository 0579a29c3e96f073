-- The stock ledger: one append-only row per change of a SKU's available or reserved units, with
-- the balances before and after, who changed it, why, and what it refers to. The stock row stays
-- the balance; the ledger replays to it.
--
-- Rows are written by triggers on `stock`, so a change and its ledger row are one statement and
-- the hot checkout path keeps its single round trip. An update says what it is by setting
-- `stock.ledger_entry` (kind, actor, reason, note, reference, idempotencyKey) in the same SET; the
-- trigger copies it into the ledger and clears it. An update that moves units without saying
-- why is refused (SQLSTATE EMP02), so no write path can bypass the ledger.
alter table stock add column if not exists ledger_entry jsonb;

create table if not exists stock_ledger (
  -- Per SKU, ids grow in the order the changes took the stock row's lock.
  id bigserial primary key,
  sku text not null,
  kind text not null,
  available_delta integer not null,
  reserved_delta integer not null,
  available_before integer not null,
  available_after integer not null,
  reserved_before integer not null,
  reserved_after integer not null,
  actor text not null,
  reason text,
  note text,
  reference text,
  idempotency_key text,
  at text not null
);
create index if not exists stock_ledger_by_sku on stock_ledger (sku, id);
-- A retried adjustment carrying the same key finds the row it wrote instead of writing another.
create unique index if not exists stock_ledger_idempotency on stock_ledger (sku, idempotency_key)
  where idempotency_key is not null;

-- Stock that predates the ledger opens it, so every SKU's ledger replays to its row.
insert into stock_ledger (sku, kind, available_delta, reserved_delta, available_before, available_after,
  reserved_before, reserved_after, actor, reason, at)
select sku, 'opening', available, reserved, 0, available, 0, reserved, 'system', 'ledger-opened', updated_at
from stock where not exists (select from stock_ledger l where l.sku = stock.sku);

create or replace function stock_ledger_append(
  p_sku text, p_entry jsonb, p_available_before int, p_available_after int,
  p_reserved_before int, p_reserved_after int, p_at text)
returns void language plpgsql as $$
begin
  insert into stock_ledger (sku, kind, available_delta, reserved_delta, available_before, available_after,
    reserved_before, reserved_after, actor, reason, note, reference, idempotency_key, at)
  values (p_sku, p_entry ->> 'kind', p_available_after - p_available_before, p_reserved_after - p_reserved_before,
    p_available_before, p_available_after, p_reserved_before, p_reserved_after,
    coalesce(p_entry ->> 'actor', 'system'), p_entry ->> 'reason', p_entry ->> 'note', p_entry ->> 'reference',
    p_entry ->> 'idempotencyKey', p_at);
end $$;

-- Before the update, so it can clear ledger_entry: the entry describes this change only.
create or replace function stock_ledger_on_update() returns trigger language plpgsql as $$
begin
  if new.ledger_entry is null then
    if new.available = old.available and new.reserved = old.reserved then
      return new;
    end if;
    raise exception using errcode = 'EMP02',
      message = 'stock of ' || new.sku || ' changed without a ledger entry';
  end if;
  perform stock_ledger_append(new.sku, new.ledger_entry, old.available, new.available,
    old.reserved, new.reserved, new.updated_at);
  new.ledger_entry := null;
  return new;
end $$;

-- After inserts and deletes, so a row that is not written writes no ledger row.
create or replace function stock_ledger_on_insert_or_delete() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform stock_ledger_append(new.sku, '{"kind": "initial", "reason": "variant-created"}', 0, new.available,
      0, new.reserved, new.updated_at);
    return null;
  end if;
  perform stock_ledger_append(old.sku, '{"kind": "removal", "reason": "variant-row-removed"}', old.available, 0,
    old.reserved, 0, to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
  return null;
end $$;

drop trigger if exists stock_ledger_on_update on stock;
create trigger stock_ledger_on_update before update on stock
  for each row execute function stock_ledger_on_update();
drop trigger if exists stock_ledger_on_insert_or_delete on stock;
create trigger stock_ledger_on_insert_or_delete after insert or delete on stock
  for each row execute function stock_ledger_on_insert_or_delete();

create or replace function stock_ledger_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception using errcode = 'EMP03', message = 'the stock ledger is append-only';
end $$;
drop trigger if exists stock_ledger_append_only on stock_ledger;
create trigger stock_ledger_append_only before update or delete on stock_ledger
  for each row execute function stock_ledger_refuse_change();
drop trigger if exists stock_ledger_no_truncate on stock_ledger;
create trigger stock_ledger_no_truncate before truncate on stock_ledger
  for each statement execute function stock_ledger_refuse_change();

-- reserve_stock (0002) again, now saying what its holds are: a reservation by the order whose id
-- it carries.
create or replace function reserve_stock(p_id text, p_lines jsonb, p_expires_at text, p_now text, p_events jsonb)
returns table (decided boolean, status text, lines jsonb, expires_at text, unavailable jsonb, levels jsonb)
language plpgsql as $$
declare
  line jsonb;
  quantity int;
  held jsonb := '[]';
  level jsonb;
  entry jsonb := jsonb_build_object('kind', 'reservation', 'actor', 'order:' || p_id, 'reference', p_id);
begin
  insert into reservations (id, status, lines, expires_at, updated_at)
  values (p_id, 'reserved', p_lines, p_expires_at, p_now)
  on conflict (id) do nothing;
  if not found then
    return query
      select false, r.status, r.lines, r.expires_at, r.unavailable, null::jsonb
      from reservations r where r.id = p_id;
    return;
  end if;
  for line in select value from jsonb_array_elements(p_lines) loop
    quantity := (line ->> 'quantity')::int;
    update stock s set
      available = s.available - quantity,
      reserved = s.reserved + quantity,
      holds = s.holds || jsonb_build_object(p_id, quantity),
      ledger_entry = entry,
      updated_at = p_now
    where s.sku = line ->> 'sku' and s.available >= quantity
    returning jsonb_build_object(
      'sku', s.sku, 'productId', s.product_id, 'slug', s.slug, 'title', s.title,
      'available', s.available, 'reserved', s.reserved,
      'lowStockThreshold', s.low_stock_threshold, 'updatedAt', s.updated_at)
    into level;
    if level is null then
      raise exception using errcode = 'EMP01', message = 'insufficient stock for ' || (line ->> 'sku');
    end if;
    held := held || jsonb_build_array(level);
  end loop;
  insert into event_outbox (id, type, envelope)
    select (e ->> 'id')::uuid, e ->> 'type', e from jsonb_array_elements(p_events) as t(e)
    on conflict (id) do nothing;
  return query select true, 'reserved'::text, p_lines, p_expires_at, '[]'::jsonb, held;
end $$;
