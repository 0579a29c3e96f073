-- A login's read of the account, for the reason of migrations/0004: in a new shop whose users
-- table grows by thousands in its first minute, a plan kept from the first, tiny statistics
-- would scan the whole table on every login until the next analyze. Inside a function that
-- plans with sequential scans off, it reads by the e-mail's unique index whatever the statistics.
create function account_by_email(wanted text)
returns table (id uuid, email text, password_hash text, roles text[], email_verified_at timestamptz)
language plpgsql
stable
set enable_seqscan = off
as $$
begin
  return query
    select u.id, u.email, u.password_hash, u.roles, u.email_verified_at from users u where u.email = wanted;
end
$$;
