-- An order is fulfilled in shipments. Each ships some quantity of some order lines (by SKU: an
-- order has one line per SKU), with a carrier, a tracking number, the tracking link built when it
-- was created, and the stock location it left from (free text until locations exist). Shipments
-- are created under the order's row lock, so what is shipped never exceeds what was ordered; the
-- fulfilment state (unfulfilled, partially fulfilled, fulfilled) is derived from these rows, never
-- stored twice. request_key: the admin's Idempotency-Key, with request_hash to tell a repeat from
-- another request reusing the key.
create table order_shipments (
  id uuid primary key,
  order_id uuid not null references orders(id),
  number int not null check (number > 0),
  carrier text,
  tracking_number text,
  tracking_url text,
  location_id text,
  status text not null check (status in ('shipped', 'delivered')),
  request_key text,
  request_hash text,
  actor text not null,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  unique (order_id, number),
  unique (order_id, request_key)
);
-- Carrier webhooks find shipments by tracking number.
create index order_shipments_tracking on order_shipments (tracking_number) where tracking_number is not null;

create table order_shipment_lines (
  shipment_id uuid not null references order_shipments(id),
  order_id uuid not null references orders(id),
  sku text not null,
  quantity int not null check (quantity > 0),
  primary key (shipment_id, sku)
);
create index order_shipment_lines_order on order_shipment_lines (order_id);

-- Timeline lines that are not status changes (a shipment created or delivered while the order
-- keeps its status) name what happened; status changes leave it null.
alter table order_transitions add column event text;

-- Orders shipped whole before shipments existed: one shipment of every line, so "shipped" still
-- means fully fulfilled and "delivered" all shipments delivered.
with legacy as (
  select id, carrier, tracking_number, status, updated_at, gen_random_uuid() as shipment_id
  from orders where status in ('shipped', 'delivered')
     or (status = 'refunded' and carrier is not null)
), shipments as (
  insert into order_shipments (id, order_id, number, carrier, tracking_number, status, actor, created_at,
    delivered_at)
  select shipment_id, id, 1, carrier, tracking_number,
    case when status = 'delivered' then 'delivered' else 'shipped' end, 'system:migration', updated_at,
    case when status = 'delivered' then updated_at end
  from legacy
  returning id, order_id
)
insert into order_shipment_lines (shipment_id, order_id, sku, quantity)
select s.id, s.order_id, line->>'sku', (line->>'quantity')::int
from shipments s join orders o on o.id = s.order_id, jsonb_array_elements(o.lines) as line;
