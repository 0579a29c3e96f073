-- Customer groups and price lists (ADR 0017). A group's name is unique whatever its case; a
-- member is a user id, once per group (the primary key makes a repeated add a no-op).
create table customer_groups (
  id uuid primary key,
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index customer_groups_name_key on customer_groups (lower(name));

create table customer_group_members (
  group_id uuid not null references customer_groups (id) on delete cascade,
  customer_id text not null,
  added_at timestamptz not null default now(),
  primary key (group_id, customer_id)
);
-- A quote looks up the groups of one customer.
create index customer_group_members_customer on customer_group_members (customer_id);

-- A price list's `version` grows by one on every change (its fields, groups or entries): an
-- update names the version it read, and a stale one is refused, so two admins never overwrite
-- each other's change unseen.
create table price_lists (
  id uuid primary key,
  name text not null,
  description text not null default '',
  type text not null check (type in ('sale', 'override')),
  status text not null check (status in ('active', 'draft')),
  starts_at timestamptz,
  ends_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint price_lists_dates check (starts_at is null or ends_at is null or starts_at < ends_at)
);
create unique index price_lists_name_key on price_lists (lower(name));

-- No row: the list is for everyone. A group a list is for cannot be deleted (no cascade): the
-- list would silently become a sale for everyone.
create table price_list_groups (
  price_list_id uuid not null references price_lists (id) on delete cascade,
  group_id uuid not null references customer_groups (id),
  primary key (price_list_id, group_id)
);
create index price_list_groups_group on price_list_groups (group_id);

-- A price from `min_quantity` units of the SKU on (1: any quantity), in one currency's minor unit.
create table price_list_entries (
  price_list_id uuid not null references price_lists (id) on delete cascade,
  sku text not null,
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  min_quantity integer not null default 1 check (min_quantity between 1 and 999),
  amount bigint not null check (amount >= 0),
  primary key (price_list_id, sku, currency, min_quantity)
);
-- A quote reads the entries of its SKUs in its currency.
create index price_list_entries_sku on price_list_entries (sku, currency);
