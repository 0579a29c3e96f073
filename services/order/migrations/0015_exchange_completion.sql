-- An exchange received while a service was away stays 'received' until its replacement is sold,
-- its difference settled and its parcel recorded. The reconciliation worker finishes it as the
-- receipt asked: received_by names the admin who recorded the receipt (the refunds it makes are
-- theirs), replacement_carrier/replacement_tracking_number the parcel given with it, and
-- completion_tried_at is the lease of whoever last tried, so replicas do not finish one at once.
alter table order_returns
  add column if not exists received_by text,
  add column if not exists replacement_carrier text,
  add column if not exists replacement_tracking_number text,
  add column if not exists completion_tried_at timestamptz;
create index if not exists order_returns_exchange_unfinished on order_returns (completion_tried_at)
  where kind = 'exchange' and status = 'received';
