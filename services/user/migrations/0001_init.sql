-- Profiles are created from auth's user.registered. PII columns (*_sealed) hold AES-256-GCM
-- ciphertext as '<key id>:<base64 iv|tag|ciphertext>', so keys can rotate row by row.
create table profiles (
  user_id uuid primary key,
  email text not null,
  name text,
  phone_sealed text,
  preferences jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index profiles_created on profiles (created_at, user_id);

create table addresses (
  id uuid primary key,
  user_id uuid not null references profiles (user_id) on delete cascade,
  recipient_sealed text not null,
  line1_sealed text not null,
  line2_sealed text,
  phone_sealed text,
  city text not null,
  postal_code text not null,
  region text,
  country char(2) not null,
  is_default_shipping boolean not null default false,
  is_default_billing boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index addresses_user on addresses (user_id, created_at);
create unique index addresses_one_default_shipping on addresses (user_id) where is_default_shipping;
create unique index addresses_one_default_billing on addresses (user_id) where is_default_billing;
