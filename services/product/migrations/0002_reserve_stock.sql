-- A reservation that succeeds, in one round trip: the reservation row, a hold on every line
-- (conditional updates in the lines' order, which callers sort by SKU so concurrent
-- reservations lock rows in one order and cannot deadlock) and its events, in the caller's
-- statement. The usual checkout pays one statement instead of a transaction of several.
--
-- Returns the stored reservation with `decided = false` when the id was already reserved (a
-- repeat stores nothing). When a line is short it raises SQLSTATE EMP01 and everything is
-- rolled back: the caller then records the rejection the long way, naming every short line.
create or replace function reserve_stock(p_id text, p_lines jsonb, p_expires_at text, p_now text, p_events jsonb)
returns table (decided boolean, status text, lines jsonb, expires_at text, unavailable jsonb, levels jsonb)
language plpgsql as $$
declare
  line jsonb;
  quantity int;
  held jsonb := '[]';
  level jsonb;
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
