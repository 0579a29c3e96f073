-- Logins in batches, as refreshes already are (0003). A login's own statements, transactions and
-- commits cost the database far more than the rows they write: measured on an idle machine, a
-- session opened alone cost 220 µs of database CPU, one of a batch of four 80 µs. The service
-- gathers the sessions of logins whose password checks end close together, and the account reads
-- of logins that arrive together (sessions/session-opener.ts, sessions/login-accounts.ts).
-- Both functions plan with sequential scans off, for the reason of 0004 and 0005.
-- open_session and account_by_email stay only for pods of the previous release, which call them
-- during a rollout; this release reads every account by e-mail through accounts_by_email.

create function open_sessions(families uuid[], accounts uuid[], first_tokens bytea[], first_tokens_expire_at timestamptz[])
returns void
language plpgsql
set enable_seqscan = off
as $$
begin
  insert into refresh_families (id, user_id) select * from unnest(families, accounts);
  insert into refresh_tokens (token_hash, family_id, expires_at)
  select * from unnest(first_tokens, families, first_tokens_expire_at);
end
$$;

create function accounts_by_email(wanted text[])
returns table (id uuid, email text, password_hash text, roles text[], email_verified_at timestamptz)
language plpgsql
stable
set enable_seqscan = off
as $$
begin
  return query
    select u.id, u.email, u.password_hash, u.roles, u.email_verified_at from users u where u.email = any(wanted);
end
$$;
