-- A refresh is the hottest statement of the service. Sent as an ad-hoc statement it is parsed and
-- planned on every call (the planning of the update-join-insert costs more than running it); a
-- PL/pgSQL function keeps its plans cached per connection, so a call only runs them. It commits
-- durably, like any statement, and is one round trip.
--
-- Exchanges a live token for its successor atomically: marks it used, inserts the successor in
-- the same family, returns the account. No row comes back if the token is unknown, used, expired
-- or its family revoked. Of concurrent exchanges of one token only one wins: the others wait for
-- its row lock, then see used_at set and match nothing.
-- Tables resolve through the caller's search_path, like the service's other statements (embedded
-- mode runs each service in its own schema).
create function rotate_refresh_token(presented bytea, successor bytea, successor_expires_at timestamptz)
returns table (user_id uuid, family_id uuid, email text, roles text[], email_verified_at timestamptz)
language plpgsql as $$
declare
  rotated_family uuid;
  rotated_user uuid;
begin
  update refresh_tokens t set used_at = now()
  from refresh_families f
  where t.token_hash = presented and t.used_at is null and t.expires_at > now()
    and f.id = t.family_id and f.revoked_at is null
  returning t.family_id, f.user_id into rotated_family, rotated_user;
  if not found then
    return;
  end if;
  insert into refresh_tokens (token_hash, family_id, expires_at)
  values (successor, rotated_family, successor_expires_at);
  return query
    select u.id, rotated_family, u.email, u.roles, u.email_verified_at from users u where u.id = rotated_user;
end
$$;
