-- What promotions took off the order (lines and shipping), from its quote: the totals show it,
-- and total = subtotal + shipping - discount (+ tax where prices exclude it). Orders placed
-- before promotions existed took nothing off.
alter table orders add column discount bigint not null default 0 check (discount >= 0);
