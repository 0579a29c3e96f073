-- Refunds of an order, reserved under the order's row lock before the payment service is asked:
-- the refundable amount left is total - refunded - the pending ones, so refunds racing for one
-- order are decided one after the other and never together exceed the total. 'pending' while the
-- payment service's answer is unknown; then 'succeeded' (added to orders.refunded, once) or
-- 'failed' (given back). request_key: the admin's Idempotency-Key, so a repeated request replays
-- its refund (request_hash tells a repeat from another request reusing the key). lease_until: a pending refund whose request died is retried by the next refund or
-- cancellation of the order once its lease has run out (the payment call's key is derived from
-- the refund's id, so the retry refunds at most once).
create table order_refunds (
  id uuid primary key,
  order_id uuid not null references orders(id),
  amount bigint not null check (amount > 0),
  reason text not null,
  actor text not null,
  request_key text,
  request_hash text,
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  lease_until timestamptz not null default now(),
  created_at timestamptz not null default now(),
  settled_at timestamptz
);
create index order_refunds_pending on order_refunds (order_id) where status = 'pending';
create unique index order_refunds_request on order_refunds (order_id, request_key);

-- A cancellation under way: taken under the order's row lock before the payment is voided or
-- refunded, so ship and refund (which check it under the same lock) cannot race it. It stays
-- until the order is cancelled or the payment service definitely refused; a cancellation whose
-- payment call failed transiently gives its lease up, so only a retried cancel may take it over.
create table order_cancellations (
  order_id uuid primary key references orders(id),
  holder uuid not null,
  held_until timestamptz not null,
  created_at timestamptz not null default now()
);
