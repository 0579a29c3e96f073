-- Carts: a guest's (known by its id) or a signed-in user's (at most one active per user).
create table carts (
  id uuid primary key,
  user_id text,
  status text not null default 'active' check (status in ('active', 'merged', 'converted')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index carts_one_active_per_user on carts (user_id) where status = 'active' and user_id is not null;

-- seen_unit_price: the price the shopper was last shown, so a price move can be pointed out.
create table cart_lines (
  cart_id uuid not null references carts(id) on delete cascade,
  sku text not null,
  quantity int not null check (quantity between 1 and 999),
  seen_unit_price bigint not null,
  currency char(3) not null,
  added_at timestamptz not null default now(),
  primary key (cart_id, sku)
);

create sequence order_numbers start 100001;

-- Orders snapshot everything the shopper agreed to: lines and prices, addresses, totals.
create table orders (
  id uuid primary key,
  order_number text not null unique,
  user_id text,
  cart_id uuid not null,
  email text not null,
  status text not null,
  currency char(3) not null,
  lines jsonb not null,
  shipping_address jsonb not null,
  billing_address jsonb not null,
  shipping_method text not null,
  subtotal bigint not null,
  shipping bigint not null,
  tax bigint not null,
  total bigint not null,
  refunded bigint not null default 0,
  payment_id uuid,
  cancellation_code text,
  cancellation_reason text,
  carrier text,
  tracking_number text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index orders_user on orders (user_id, created_at desc);
create index orders_status on orders (status, created_at desc);
create index orders_created on orders (created_at desc);

-- Every status change with its time, reason and who caused it.
create table order_transitions (
  id bigserial primary key,
  order_id uuid not null references orders(id),
  from_status text,
  to_status text not null,
  reason text not null,
  actor text not null,
  at timestamptz not null default now()
);
create index order_transitions_order on order_transitions (order_id, id);

-- Idempotency-Key of POST /orders → the order it created, with a hash of the request.
create table checkout_requests (
  idempotency_key text primary key,
  request_hash text not null,
  order_id uuid not null,
  created_at timestamptz not null default now()
);

-- The checkout saga's state: which step is next, what it learned so far (context), and who is
-- driving it (lease). A recovery worker takes over sagas whose lease expired.
create table checkout_sagas (
  order_id uuid primary key references orders(id),
  status text not null check (status in ('running', 'compensating', 'completed', 'compensated')),
  step_index int not null default 0,
  step_started_at timestamptz not null default now(),
  context jsonb not null default '{}',
  failure jsonb,
  lease_owner text,
  lease_until timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index checkout_sagas_unfinished on checkout_sagas (lease_until) where status in ('running', 'compensating');

create table checkout_saga_log (
  id bigserial primary key,
  order_id uuid not null references orders(id),
  step text not null,
  action text not null check (action in ('invoke', 'compensate')),
  outcome text not null check (outcome in ('succeeded', 'failed', 'retrying')),
  detail text,
  at timestamptz not null default now()
);
create index checkout_saga_log_order on checkout_saga_log (order_id, id);
