-- A checkout saga step is saved in one statement with its order effects and events
-- (src/repositories/saga-steps.ts). Plain SQL cannot abort a statement, and the platform's outbox
-- insert reads its events from a parameter, so it cannot be made to depend on the lease check:
-- this guard raises when the lease was lost or the order was not where the step expected it,
-- and PostgreSQL then writes nothing of the statement, events included.
-- SQLSTATEs in a class of our own (OR…), so callers tell the two apart without reading messages.
create function checkout_step_guard(lease_held boolean, order_moved boolean) returns boolean
language plpgsql as $$
begin
  if not lease_held then
    raise exception 'the checkout saga lease was lost' using errcode = 'OR001';
  end if;
  if not order_moved then
    raise exception 'the order changed meanwhile' using errcode = 'OR002';
  end if;
  return true;
end
$$;
