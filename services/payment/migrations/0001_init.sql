-- Payment intents: one row per authorization attempt of an order, with its current status.
create table payments (
  id uuid primary key,
  order_id uuid not null,
  customer_id text,
  amount bigint not null check (amount >= 0),
  currency char(3) not null,
  refunded_amount bigint not null default 0 check (refunded_amount >= 0 and refunded_amount <= amount),
  status text not null check (status in ('authorized','captured','voided','refunded','partially_refunded','failed')),
  provider text not null,
  provider_ref text,
  decline_code text,
  decline_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index payments_order on payments (order_id, created_at);
create index payments_provider_ref on payments (provider_ref);

-- The ledger: every call made to the provider and what came of it, including failures.
create table payment_attempts (
  id bigserial primary key,
  payment_id uuid not null references payments(id),
  kind text not null check (kind in ('authorize','capture','void','refund','reconcile','webhook')),
  outcome text not null check (outcome in ('succeeded','declined','error')),
  amount bigint,
  provider_ref text,
  code text,
  message text,
  created_at timestamptz not null default now()
);
create index payment_attempts_payment on payment_attempts (payment_id, id);

create table refunds (
  id uuid primary key,
  payment_id uuid not null references payments(id),
  amount bigint not null check (amount > 0),
  reason text,
  provider_ref text,
  created_at timestamptz not null default now()
);

-- Idempotency keys of mutating calls, stored with their response. A key is claimed
-- ('in_progress', with a lease) before the work and completed with the response after it.
create table idempotency_keys (
  key text primary key,
  request_hash text not null,
  state text not null check (state in ('in_progress','completed')),
  locked_until timestamptz,
  status_code int,
  response jsonb,
  created_at timestamptz not null default now()
);

-- Stripe webhook events already applied (Stripe retries deliveries).
create table stripe_webhook_events (
  id text primary key,
  type text not null,
  received_at timestamptz not null default now()
);

-- The sandbox provider's own books: what the pretend card network charged. It lives beside the
-- service's tables only because the sandbox is embedded; the service never reads it directly.
create table sandbox_charges (
  id text primary key,
  idempotency_key text not null unique,
  amount bigint not null,
  currency char(3) not null,
  card_last4 text not null,
  status text not null check (status in ('authorized','captured','voided','refunded','partially_refunded','declined')),
  refunded_amount bigint not null default 0,
  decline_code text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
