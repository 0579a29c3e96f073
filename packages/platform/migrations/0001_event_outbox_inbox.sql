-- Transactional outbox: a producer inserts its events in the same transaction as its state change.
-- A relay claims rows (claimed_until), publishes them with broker confirms, then deletes them.
create table if not exists event_outbox (
  seq bigserial primary key,
  id uuid not null unique,
  type text not null,
  envelope jsonb not null,
  created_at timestamptz not null default now(),
  claimed_until timestamptz
);
create index if not exists event_outbox_unclaimed on event_outbox (claimed_until, seq);

-- Inbox: a consumer records each processed event id in the same transaction as its effect,
-- so a redelivered event has no second effect.
create table if not exists event_inbox (
  consumer text not null,
  event_id text not null,
  processed_at timestamptz not null default now(),
  primary key (consumer, event_id)
);
