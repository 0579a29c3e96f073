-- One row per order that redeemed or released promotions. Redeeming and releasing both take this
-- row first, so they happen one after the other per order: a release that overtakes its own slow
-- redemption (the checkout timed the step out and compensated it) marks the order released, and
-- the redemption that lands afterwards is refused instead of keeping a use no order accounts for.
create table promotion_order_claims (
  order_id uuid primary key,
  released boolean not null default false
);
