-- Accounts: e-mail (stored lower-cased) and an argon2id hash; roles are a short fixed set.
create table users (
  id uuid primary key,
  email text not null unique,
  password_hash text not null,
  roles text[] not null default '{customer}',
  email_verified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Single-use tokens e-mailed to the user (verification, password reset). Only a SHA-256 of the
-- token is kept: a leaked table row cannot be replayed.
create table one_time_tokens (
  token_hash bytea primary key,
  purpose text not null check (purpose in ('verify_email', 'reset_password')),
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index one_time_tokens_user on one_time_tokens (user_id, purpose);

-- A family is one login session; every refresh token it ever had belongs to it, so replaying a
-- rotated token can revoke the whole session.
create table refresh_families (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  revoked_reason text
);
create index refresh_families_user on refresh_families (user_id) where revoked_at is null;

create table refresh_tokens (
  token_hash bytea primary key,
  family_id uuid not null references refresh_families (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  -- Set when the token is exchanged for its successor; a second use is a replay.
  used_at timestamptz
);
create index refresh_tokens_family on refresh_tokens (family_id);
create index refresh_tokens_expiry on refresh_tokens (expires_at);

-- Access-token signing keys. The private key is sealed with AUTH_KEY_ENCRYPTION_KEY; a retired key
-- stays in the JWKS until every token it signed has expired.
create table signing_keys (
  kid text primary key,
  algorithm text not null,
  public_jwk jsonb not null,
  private_key_sealed bytea not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz
);
