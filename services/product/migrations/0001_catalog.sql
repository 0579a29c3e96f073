-- The catalog on SQL (PGlite embedded, or PostgreSQL): products as JSONB documents, the same
-- shape the MongoDB adapter stores. The outbox/inbox tables come from the platform migration.
create table if not exists categories (
  slug text primary key,
  name text not null,
  parent text
);

create table if not exists products (
  id text primary key,
  slug text not null unique,
  version integer not null,
  updated_at text not null,
  doc jsonb not null
);
create index if not exists products_category on products using gin ((doc -> 'categoryPath'));
create index if not exists products_attributes on products using gin ((doc -> 'attributeTokens'));
create index if not exists products_search on products using gin ((doc -> 'searchTokens'));
create index if not exists products_updated on products (updated_at);

create table if not exists stock (
  sku text primary key,
  product_id text not null,
  slug text not null,
  title text not null,
  available integer not null check (available >= 0),
  reserved integer not null check (reserved >= 0),
  low_stock_threshold integer not null,
  -- reservationId -> quantity held, so re-applying a line is a no-op.
  holds jsonb not null default '{}',
  updated_at text not null
);
create index if not exists stock_updated on stock (updated_at);

create table if not exists reservations (
  id text primary key,
  status text not null,
  lines jsonb not null,
  expires_at text not null,
  unavailable jsonb not null default '[]',
  updated_at text not null
);
create index if not exists reservations_expiry on reservations (status, expires_at);
