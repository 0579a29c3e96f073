-- Promotions: automatic ones (no code) and coupons (a code, unique whatever its case). `used`
-- counts the redemptions orders hold now; the row is locked while one is added or released, so a
-- usage limit holds exactly however many checkouts race for it (ADR 0013).
create table promotions (
  id uuid primary key,
  name text not null,
  kind text not null check (kind in ('percentage', 'fixed', 'free_shipping', 'buy_x_get_y')),
  code text,
  percent_ppm integer check (percent_ppm between 1 and 1000000),
  amount bigint check (amount > 0),
  currency text check (currency ~ '^[A-Z]{3}$'),
  buy_quantity integer check (buy_quantity > 0),
  get_quantity integer check (get_quantity > 0),
  -- { "productIds": [], "categories": [], "brands": [] }
  target jsonb not null default '{"productIds":[],"categories":[],"brands":[]}',
  min_subtotal bigint check (min_subtotal >= 0),
  exclusive boolean not null default false,
  starts_at timestamptz,
  ends_at timestamptz,
  usage_limit integer check (usage_limit > 0),
  per_customer_limit integer check (per_customer_limit > 0),
  used integer not null default 0 check (used >= 0),
  status text not null default 'active' check (status in ('active', 'paused')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint promotions_dates check (starts_at is null or ends_at is null or starts_at < ends_at),
  constraint promotions_used_within_limit check (usage_limit is null or used <= usage_limit),
  constraint promotions_kind_fields check (
    (kind = 'percentage' and percent_ppm is not null and amount is null and buy_quantity is null)
    or (kind = 'fixed' and amount is not null and currency is not null and percent_ppm is null
        and buy_quantity is null)
    or (kind = 'free_shipping' and percent_ppm is null and amount is null and buy_quantity is null)
    or (kind = 'buy_x_get_y' and buy_quantity is not null and get_quantity is not null
        and percent_ppm is null and amount is null)
  )
);
create unique index promotions_code_key on promotions (lower(code)) where code is not null;
-- The automatic promotions a quote looks at.
create index promotions_automatic on promotions (created_at) where code is null and status = 'active';

-- One row per promotion an order holds, keyed by the order: redeeming again is a no-op, and
-- releasing removes it (a failed checkout gives its use back).
create table promotion_redemptions (
  promotion_id uuid not null references promotions (id) on delete cascade,
  order_id uuid not null,
  customer_id text,
  amount bigint not null check (amount >= 0),
  created_at timestamptz not null default now(),
  primary key (promotion_id, order_id)
);
create index promotion_redemptions_order on promotion_redemptions (order_id);
create index promotion_redemptions_customer on promotion_redemptions (promotion_id, customer_id)
  where customer_id is not null;
