// Tokens e-mailed to a user; only their SHA-256 is stored.
import { type SqlExecutor, sql } from '@emporium/platform';

export type TokenPurpose = 'verify_email' | 'reset_password';

export async function insertOneTimeToken(
  db: SqlExecutor,
  token: { hash: Buffer; purpose: TokenPurpose; userId: string; expiresAt: Date },
): Promise<void> {
  await db.query(
    sql`insert into one_time_tokens (token_hash, purpose, user_id, expires_at)
        values (${token.hash}, ${token.purpose}, ${token.userId}, ${token.expiresAt})`,
  );
}

/** Marks the token used and returns its user, or undefined if unknown, used or expired. */
export async function consumeOneTimeToken(
  db: SqlExecutor,
  hash: Buffer,
  purpose: TokenPurpose,
): Promise<string | undefined> {
  const { rows } = await db.query<{ user_id: string }>(
    sql`update one_time_tokens set used_at = now()
     where token_hash = ${hash} and purpose = ${purpose} and used_at is null and expires_at > now()
     returning user_id`,
  );
  return rows[0]?.user_id;
}

/** After a reset succeeds, the other reset links already sent must stop working too. */
export async function voidOutstandingTokens(
  db: SqlExecutor,
  userId: string,
  purpose: TokenPurpose,
): Promise<void> {
  await db.query(
    sql`update one_time_tokens set used_at = now()
        where user_id = ${userId} and purpose = ${purpose} and used_at is null`,
  );
}

export async function lastTokenIssuedAt(
  db: SqlExecutor,
  userId: string,
  purpose: TokenPurpose,
): Promise<Date | undefined> {
  const { rows } = await db.query<{ created_at: Date }>(
    sql`select max(created_at) as created_at from one_time_tokens
        where user_id = ${userId} and purpose = ${purpose}`,
  );
  return rows[0]?.created_at ?? undefined;
}
