-- Returns of delivered lines. A shopper requests one (requested); the shop approves or rejects it;
-- receives the parcel, line by line with its condition and whether it goes back into stock
-- (received, with the refund it is owed computed under the order's row lock and stored, so a
-- retried refund asks for the same amount); and refunds it through order_refunds (refunded,
-- refund_request_key naming that refund). Returns are written under the order's row lock, so
-- returns racing for the same units never return more than was delivered.
create table order_returns (
  id uuid primary key,
  order_id uuid not null references orders(id),
  number int not null check (number > 0),
  status text not null check (status in ('requested', 'approved', 'rejected', 'received', 'refunded')),
  reason text not null,
  rejection_reason text,
  request_key text,
  request_hash text,
  requested_by text not null,
  refund_shipping boolean not null default false,
  refund_amount bigint check (refund_amount >= 0),
  refund_request_key text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (order_id, number),
  unique (order_id, request_key)
);

-- restock/condition: set when the parcel is received; restocked once the product service took
-- the units back (its Idempotency-Key derives from the return and SKU, so a retry adds them once).
create table order_return_lines (
  return_id uuid not null references order_returns(id),
  order_id uuid not null references orders(id),
  sku text not null,
  quantity int not null check (quantity > 0),
  restock boolean,
  condition text check (condition in ('as_new', 'opened', 'damaged')),
  restocked boolean not null default false,
  primary key (return_id, sku)
);
create index order_return_lines_order on order_return_lines (order_id);
