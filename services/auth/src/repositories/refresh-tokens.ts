// Refresh tokens and their families (login sessions). Tokens are stored as SHA-256 hashes.
import type { Role, SqlExecutor } from '@emporium/platform';

export interface RotatedSession {
  user_id: string;
  family_id: string;
  email: string;
  roles: Role[];
  email_verified_at: Date | null;
}

// The statements of every login and refresh are prepared (parsed and planned once per connection).

export interface NewSession {
  familyId: string;
  userId: string;
  tokenHash: Buffer;
  expiresAt: Date;
}

/** Starts sessions: a new family and its first token each, in one call (open_sessions, migrations/0006). */
export async function insertFamiliesWithTokens(db: SqlExecutor, sessions: NewSession[]): Promise<void> {
  await db.query(
    'select open_sessions($1::uuid[], $2::uuid[], $3::bytea[], $4::timestamptz[])',
    [
      sessions.map((s) => s.familyId),
      sessions.map((s) => s.userId),
      sessions.map((s) => s.tokenHash),
      sessions.map((s) => s.expiresAt),
    ],
    { prepare: true },
  );
}

export interface PresentedToken {
  family_id: string;
  used: boolean;
  family_revoked: boolean;
}

export async function findToken(db: SqlExecutor, hash: Buffer): Promise<PresentedToken | undefined> {
  const { rows } = await db.query<PresentedToken>(
    `select t.family_id, t.used_at is not null as used, f.revoked_at is not null as family_revoked
     from refresh_tokens t join refresh_families f on f.id = t.family_id where t.token_hash = $1`,
    [hash],
  );
  return rows[0];
}

export async function revokeFamily(db: SqlExecutor, familyId: string, reason: string): Promise<void> {
  await db.query(
    'update refresh_families set revoked_at = now(), revoked_reason = $2 where id = $1 and revoked_at is null',
    [familyId, reason],
  );
}

/** Ends every session of a user except, optionally, the one making the request. */
export async function revokeUserFamilies(
  db: SqlExecutor,
  userId: string,
  reason: string,
  exceptFamilyId?: string,
): Promise<void> {
  await db.query(
    `update refresh_families set revoked_at = now(), revoked_reason = $2
     where user_id = $1 and revoked_at is null and ($3::uuid is null or id <> $3::uuid)`,
    [userId, reason, exceptFamilyId ?? null],
  );
}

/** Expired tokens can no longer be replayed, so they are no longer needed for theft detection. */
export async function deleteExpiredTokens(db: SqlExecutor): Promise<number> {
  const { rowCount } = await db.query('delete from refresh_tokens where expires_at < now()');
  return rowCount;
}
