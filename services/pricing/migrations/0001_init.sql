-- Regions: where a shop sells, in which currency, and how tax is shown.
create table regions (
  id uuid primary key,
  code text not null constraint regions_code_key unique,
  name text not null,
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  tax_inclusive boolean not null,
  tax_on_shipping boolean not null,
  return_window_days integer not null check (return_window_days between 0 and 365),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- A country belongs to at most one region: the primary key decides a race between two regions.
create table region_countries (
  country text primary key check (country ~ '^[A-Z]{2}$'),
  region_id uuid not null references regions (id) on delete cascade,
  constraint region_countries_region_country_key unique (region_id, country)
);

-- Rates per country, optionally per subdivision ('' for the whole country), per class. A rate's
-- country must be one of its region's: removing the country is refused while rates name it (no
-- action, checked at the end of the statement, so deleting the whole region still cascades).
create table tax_rates (
  id uuid primary key,
  region_id uuid not null references regions (id) on delete cascade,
  country text not null,
  subdivision text not null default '' check (subdivision ~ '^([A-Z0-9]{1,3})?$'),
  tax_class text not null check (tax_class in ('standard', 'reduced', 'zero')),
  rate_ppm integer not null check (rate_ppm between 0 and 1000000),
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint tax_rates_country_in_region foreign key (region_id, country)
    references region_countries (region_id, country),
  constraint tax_rates_jurisdiction_class_key unique (country, subdivision, tax_class)
);

create table shipping_options (
  id uuid primary key,
  region_id uuid not null references regions (id) on delete cascade,
  code text not null,
  name text not null,
  tax_class text not null check (tax_class in ('standard', 'reduced', 'zero')),
  kind text not null check (kind in ('flat', 'free_over', 'weight_bands', 'pickup')),
  amount bigint check (amount >= 0),
  free_from bigint check (free_from >= 0),
  -- [{ "upToGrams": 1000, "amount": 500 }, …]
  bands jsonb,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint shipping_options_region_code_key unique (region_id, code),
  constraint shipping_options_rule_fields check (
    (kind = 'flat' and amount is not null and free_from is null and bands is null)
    or (kind = 'free_over' and amount is not null and free_from is not null and bands is null)
    or (kind = 'weight_bands' and amount is null and free_from is null and bands is not null)
    or (kind = 'pickup' and amount is null and free_from is null and bands is null)
  )
);

-- Answers of creates sent with an Idempotency-Key, written in the transaction of the create:
-- a repeat waits for the first and then replays its answer.
create table idempotency_keys (
  scope text not null,
  key text not null,
  request_hash text not null,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (scope, key)
);
