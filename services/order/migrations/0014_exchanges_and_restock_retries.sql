-- A returned unit marked for restock that the product service did not take back (it was away) is
-- retried by the reconciliation worker until it is: restock_tried_at is the lease of the worker
-- that last took the line, so replicas do not call for the same line at once (the product
-- service's key, derived from the return and SKU, adds the units once in any case).
alter table order_return_lines add column if not exists restock_tried_at timestamptz;
create index if not exists order_return_lines_restock_owed on order_return_lines (return_id)
  where restock and not restocked;

-- Exchanges: a return (kind 'exchange') whose units are replaced by another variant of the same
-- product instead of refunded. The difference is fixed when requested, with its tax share
-- (difference > 0: the shopper pays it, authorized on charge_payment_id then and captured when
-- the replacement ships; < 0: refunded through order_refunds). The replacement is reserved at
-- approval (replacement_reservation_id; a new one when the first expired before the parcel
-- came back) and ships as a shipment of the order that names the exchange, so it never counts
-- towards the order's own fulfilment. An exchange ends 'exchanged'.
alter table order_returns drop constraint if exists order_returns_status_check;
alter table order_returns add constraint order_returns_status_check
  check (status in ('requested', 'approved', 'rejected', 'received', 'refunded', 'exchanged'));
alter table order_returns
  add column if not exists kind text not null default 'return' check (kind in ('return', 'exchange')),
  add column if not exists replacement_sku text,
  add column if not exists replacement_title text,
  add column if not exists difference bigint,
  add column if not exists charge_payment_id text,
  add column if not exists charge_captured boolean not null default false,
  add column if not exists replacement_reservation_id uuid;
alter table order_returns add constraint order_returns_exchange_complete check (
  kind = 'return' or (replacement_sku is not null and replacement_title is not null and difference is not null
    and replacement_reservation_id is not null));

alter table order_shipments add column if not exists exchange_id uuid references order_returns(id);
create unique index if not exists order_shipments_one_per_exchange on order_shipments (exchange_id)
  where exchange_id is not null;
