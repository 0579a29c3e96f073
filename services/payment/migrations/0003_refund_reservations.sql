-- A refund is reserved on its payment before the provider is asked, so two refunds racing for the
-- same payment can never together ask the provider for more than was captured: the reservation is
-- a conditional update of refunding_amount, and the check below holds it to what is left.
-- The refund row, keyed by the call's Idempotency-Key, is the reservation: 'pending' while the
-- provider's answer is unknown (a retry of the same key resumes it instead of reserving again),
-- then 'succeeded' (moved into refunded_amount) or 'failed' (given back).
alter table payments add column if not exists refunding_amount bigint not null default 0
  check (refunding_amount >= 0);
alter table payments add constraint payments_refunds_within_amount
  check (refunded_amount + refunding_amount <= amount);

alter table refunds add column if not exists status text not null default 'succeeded'
  check (status in ('pending', 'succeeded', 'failed'));
alter table refunds add column if not exists idempotency_key text;
create unique index if not exists refunds_idempotency_key on refunds (idempotency_key);

-- The sandbox provider's refunds by idempotency key: like Stripe, a repeated key refunds once and
-- answers with the first refund.
create table if not exists sandbox_refunds (
  idempotency_key text primary key,
  charge_id text not null,
  amount bigint not null,
  provider_ref text not null,
  created_at timestamptz not null default now()
);
