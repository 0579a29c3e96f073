-- One cart → at most one live checkout, whatever Idempotency-Keys the requests carry, across
-- every replica: placing an order inserts the cart's claim in the same statement as the order, so
-- a second placement for the cart fails on this primary key and writes nothing. A checkout that
-- ends refused (declined card, sold out) gives the claim back, so the shopper can fix and retry;
-- a confirmed order keeps it for good (its cart is converted).
create table cart_checkouts (
  cart_id uuid primary key references carts(id),
  order_id uuid not null references orders(id)
);

-- Every change of a cart's lines bumps its revision; a placement goes through only if the cart is
-- still at the revision it read its lines at, so no line change can slip in between and leave the
-- order charging something other than the cart.
alter table carts add column revision int not null default 0;

-- A refused checkout was never an order: the saga's cancellations become checkout_failed, apart
-- from orders cancelled by the shop (those were confirmed first, their carts converted).
update orders o set status = 'checkout_failed'
where o.status = 'cancelled'
  and exists (select from order_transitions t
              where t.order_id = o.id and t.to_status = 'cancelled' and t.actor = 'checkout');
update order_transitions set to_status = 'checkout_failed'
where to_status = 'cancelled' and actor = 'checkout';

-- Carts checked out before this migration keep their first live order as their claim.
insert into cart_checkouts (cart_id, order_id)
select distinct on (o.cart_id) o.cart_id, o.id
from orders o join carts c on c.id = o.cart_id
where o.status <> 'checkout_failed'
order by o.cart_id, o.created_at, o.id;
