-- A checkout saga's progress by step NAME: the steps it took whose effects may still stand,
-- oldest first (while compensating: those not undone yet). A step inserted into the checkout then
-- does not shift the sagas in flight, as a position does. step_index stays, written alongside for
-- a release that still reads positions; null here (no default) marks a row such a release wrote,
-- read by its position instead (src/checkout/checkout-saga-store.ts).
alter table checkout_sagas add column taken text[];
