-- Which claim of a key may record its effect. A holder slower than its lease (a provider call
-- retried past it) loses the key to a retry; the claim id it got then no longer matches, so its
-- late write records nothing and the retry's stands: one payment, one event, one answer.
alter table idempotency_keys add column if not exists claim_id uuid;
