-- Who to write to when an event carries no address: users by id, orders by id (guest orders
-- have no user).
create table recipients (
  user_id uuid primary key,
  email text not null,
  display_name text,
  updated_at timestamptz not null default now()
);

create table order_recipients (
  order_id uuid primary key,
  order_number text not null,
  user_id uuid,
  email text not null,
  created_at timestamptz not null default now()
);

-- The in-app feed. seq orders it and is the pagination cursor.
create table notifications (
  seq bigserial unique,
  id uuid primary key,
  user_id uuid not null,
  kind text not null,
  title text not null,
  body text not null,
  link text,
  event_id text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  unique (event_id, user_id, kind)
);
create index notifications_by_user on notifications (user_id, seq desc);
create index notifications_unread on notifications (user_id) where read_at is null;

-- Kinds a user switched off by e-mail (absent row: on).
create table email_preferences (
  user_id uuid not null,
  kind text not null,
  enabled boolean not null,
  updated_at timestamptz not null default now(),
  primary key (user_id, kind)
);

-- The delivery queue and log: one row per (event, kind, recipient), rendered when the event is
-- handled. The worker claims due rows (status sending + claimed_until) with SKIP LOCKED.
create table deliveries (
  seq bigserial unique,
  id uuid primary key,
  event_id text not null,
  event_type text not null,
  kind text not null,
  recipient text not null,
  user_id uuid,
  subject text not null,
  html text not null,
  text text not null,
  status text not null check (status in ('pending', 'sending', 'sent', 'failed', 'suppressed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz,
  claimed_until timestamptz,
  last_error text,
  message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (event_id, kind, recipient)
);
create index deliveries_due on deliveries (next_attempt_at) where status = 'pending';
create index deliveries_claimed on deliveries (claimed_until) where status = 'sending';
create index deliveries_by_status on deliveries (status, seq desc);
create index deliveries_by_recipient on deliveries (lower(recipient) text_pattern_ops);

-- SMTP_URL=memory: (embedded quick start) delivers here instead of to a mail server.
create table mail_sink (
  seq bigserial unique,
  id uuid primary key,
  sender text not null,
  recipients text[] not null,
  subject text not null,
  text text not null,
  html text not null,
  raw text not null,
  created_at timestamptz not null default now()
);
