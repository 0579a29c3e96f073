-- Profile preferences become one e-mail switch per optional kind (the kinds the notification
-- service lets a shopper turn off), and count their changes: user.preferences_changed carries the
-- count as its version, so the notification service's copy keeps the newest.
-- Needs event_outbox: the service creates the platform's event tables before its own migrations.
alter table profiles add column preferences_version bigint not null default 0;

-- The old shape was { email: { orderUpdates, marketing }, inApp: { orderUpdates, marketing } }.
-- Order updates off by e-mail means the three order e-mails off. Marketing and in-app had nothing
-- to honour them and are dropped. Kinds not stored are on.
update profiles set
  preferences = case
    when preferences #> '{email,orderUpdates}' = 'false'::jsonb
      then '{"email": {"order_cancelled": false, "payment_failed": false, "order_shipped": false}}'::jsonb
    else '{}'::jsonb
  end,
  preferences_version = case when preferences #> '{email,orderUpdates}' = 'false'::jsonb then 1 else 0 end;

-- Tell the notification service about the switches this turned off, as a change would.
insert into event_outbox (id, type, envelope)
select id, 'user.preferences_changed', jsonb_build_object(
  'specversion', '1.0',
  'id', id,
  'type', 'user.preferences_changed',
  'source', '/services/user',
  'time', to_json(now()) #>> '{}',
  'datacontenttype', 'application/json',
  'subject', user_id,
  'data', jsonb_build_object(
    'userId', user_id,
    'email', jsonb_build_object(
      'email_verified', true,
      'order_cancelled', false,
      'payment_failed', false,
      'order_shipped', false
    ),
    'version', 1
  )
)
from (select gen_random_uuid() as id, user_id from profiles where preferences_version = 1) as changed;
