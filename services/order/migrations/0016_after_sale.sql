-- Returning the replacement of a dearer exchange refunds what the shopper paid for it: the
-- replaced unit's price through the order's refunds, and the difference through the payment that
-- captured it. charge_refunds fixes, when the return is received, what each such payment gives
-- back ([{ exchangeId, paymentId, amount }]); refund_amount stays the return's whole refund.
alter table order_returns add column if not exists charge_refunds jsonb not null default '[]';

-- The reconciliation worker's tries at finishing an exchange a receipt left half done back off:
-- completion_attempts counts its failed tries, completion_retry_at is when it may try again
-- (doubling up to a ceiling) and completion_error says why the last one failed, for admins.
alter table order_returns
  add column if not exists completion_attempts integer not null default 0,
  add column if not exists completion_retry_at timestamptz,
  add column if not exists completion_error text;
