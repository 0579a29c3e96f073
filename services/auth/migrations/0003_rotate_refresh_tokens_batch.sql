-- Refreshes arriving together are rotated together: one call, one round trip and one durable
-- commit for the batch (group commit), instead of one each. Each token is exchanged exactly as
-- rotate_refresh_token does it, in order, so two presentations of one token in a batch behave as
-- they would one after the other: the first wins, the second matches nothing (and the caller's
-- reuse check then revokes the family). `n` is the 1-based position in the arrays; positions
-- whose token was refused return no row.
create function rotate_refresh_tokens(presented bytea[], successors bytea[], successor_expires_at timestamptz[])
returns table (n int, user_id uuid, family_id uuid, email text, roles text[], email_verified_at timestamptz)
language plpgsql as $$
begin
  for i in 1 .. coalesce(array_length(presented, 1), 0) loop
    return query
      select i, r.user_id, r.family_id, r.email, r.roles, r.email_verified_at
      from rotate_refresh_token(presented[i], successors[i], successor_expires_at[i]) r;
  end loop;
end
$$;
