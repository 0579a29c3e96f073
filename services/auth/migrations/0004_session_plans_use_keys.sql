-- The plans of a login's and a refresh's statements must find rows by key whatever the statistics
-- say. A connection keeps its plans, and those of the foreign-key checks the statements run, until
-- the tables are analyzed again, which autovacuum does about once a minute. In a new database the
-- first analyze sees a few rows, where a sequential scan is cheapest, and the plans made then
-- scanned the whole fast-growing tables on every call until the next analyze. Measured in the
-- auth benchmark: 3,419 scans of refresh_families reading 6.3 million rows in one minute of
-- logins (the token insert's foreign-key check), and 4,621 scans of refresh_tokens reading 57
-- million rows in 20 s of refreshes, where a refresh then cost 0.6–1.4 ms of database CPU
-- instead of ~0.2. Every lookup these functions make, foreign-key checks included, is by a key
-- with an index, so the plans made inside them never choose a sequential scan.
-- (test/rotation-plans.test.ts makes the plans on small tables and counts the scans after growth.)
alter function rotate_refresh_tokens(bytea[], bytea[], timestamptz[]) set enable_seqscan = off;

-- A login's (and a registration's) session: the family and its first token. A function, so that
-- the foreign-key checks of both inserts are planned under the same setting as the rotation's.
create function open_session(new_family uuid, account uuid, first_token bytea, first_token_expires_at timestamptz)
returns void
language plpgsql
set enable_seqscan = off
as $$
begin
  insert into refresh_families (id, user_id) values (new_family, account);
  insert into refresh_tokens (token_hash, family_id, expires_at)
  values (first_token, new_family, first_token_expires_at);
end
$$;
