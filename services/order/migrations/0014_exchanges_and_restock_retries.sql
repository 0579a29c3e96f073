-- A returned unit marked for restock that the product service did not take back (it was away) is
-- retried by the reconciliation worker until it is: restock_tried_at is the lease of the worker
-- that last took the line, so replicas do not call for the same line at once (the product
-- service's key, derived from the return and SKU, adds the units once in any case).
alter table order_return_lines add column if not exists restock_tried_at timestamptz;
create index if not exists order_return_lines_restock_owed on order_return_lines (return_id)
  where restock and not restocked;
