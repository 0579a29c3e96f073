-- Returning the replacement of a dearer exchange refunds what the shopper paid for it: the
-- replaced unit's price through the order's refunds, and the difference through the payment that
-- captured it. charge_refunds fixes, when the return is received, what each such payment gives
-- back ([{ exchangeId, paymentId, amount }]); refund_amount stays the return's whole refund.
alter table order_returns add column if not exists charge_refunds jsonb not null default '[]';
