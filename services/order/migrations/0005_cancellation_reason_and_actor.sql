-- A cancellation under way records the admin's reason and who asked, when it is taken: whoever
-- finishes it (a retried cancel or the reconciliation worker, after its holder gave up or died)
-- repeats the payment calls with the same body the first holder sent (the payment service refuses
-- a repeated key with another body) and records the cancellation as the admin asked for it.
-- Cancellations already under way have no recorded reason; they finish with a neutral one.
alter table order_cancellations
  add column reason text not null default 'The shop cancelled the order.',
  add column actor text not null default 'system:order-reconciler';
alter table order_cancellations alter column reason drop default, alter column actor drop default;
