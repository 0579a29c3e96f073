-- The pricing service's quote an order was placed with: per line tax and the rates used, the
-- shipping option, the totals. Kept as given, so later rate or option changes never alter a
-- placed order and a refund can return a line's own tax. Orders placed before pricing existed
-- have none.
alter table orders add column quote jsonb;
