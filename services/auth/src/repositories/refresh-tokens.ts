// Refresh tokens and their families (login sessions). Tokens are stored as SHA-256 hashes.
import { type Role, type SqlExecutor, sql } from '@emporium/platform';

/** The account a rotated token belongs to, and its session. */
export interface RotatedSession {
  userId: string;
  familyId: string;
  email: string;
  roles: Role[];
  emailVerifiedAt: Date | null;
}

export interface Rotation {
  presentedHash: Buffer;
  successorHash: Buffer;
  expiresAt: Date;
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
    sql`select open_sessions(${sessions.map((s) => s.familyId)}::uuid[],
      ${sessions.map((s) => s.userId)}::uuid[], ${sessions.map((s) => s.tokenHash)}::bytea[],
      ${sessions.map((s) => s.expiresAt)}::timestamptz[])`,
    { prepare: true },
  );
}

/**
 * Exchanges live tokens for their successors in one call of rotate_refresh_tokens
 * (migrations/0003): for each rotation, in order, the session, or undefined if the token is
 * unknown, used, expired or its family revoked.
 */
export async function rotateRefreshTokens(
  db: SqlExecutor,
  rotations: readonly Rotation[],
): Promise<(RotatedSession | undefined)[]> {
  const { rows } = await db.query<{
    n: number;
    user_id: string;
    family_id: string;
    email: string;
    roles: Role[];
    email_verified_at: Date | null;
  }>(
    sql`select n, user_id, family_id, email, roles, email_verified_at
     from rotate_refresh_tokens(${rotations.map((r) => r.presentedHash)}::bytea[],
       ${rotations.map((r) => r.successorHash)}::bytea[],
       ${rotations.map((r) => r.expiresAt)}::timestamptz[])`,
    { prepare: true },
  );
  const byPosition = new Map(
    rows.map((row) => [
      row.n,
      {
        userId: row.user_id,
        familyId: row.family_id,
        email: row.email,
        roles: row.roles,
        emailVerifiedAt: row.email_verified_at,
      },
    ]),
  );
  return rotations.map((_, i) => byPosition.get(i + 1));
}

export interface PresentedToken {
  familyId: string;
  used: boolean;
  familyRevoked: boolean;
}

export async function findToken(db: SqlExecutor, hash: Buffer): Promise<PresentedToken | undefined> {
  const { rows } = await db.query<PresentedToken>(
    sql`select t.family_id as "familyId", t.used_at is not null as used,
       f.revoked_at is not null as "familyRevoked"
     from refresh_tokens t join refresh_families f on f.id = t.family_id where t.token_hash = ${hash}`,
  );
  return rows[0];
}

export async function revokeFamily(db: SqlExecutor, familyId: string, reason: string): Promise<void> {
  await db.query(
    sql`update refresh_families set revoked_at = now(), revoked_reason = ${reason}
        where id = ${familyId} and revoked_at is null`,
  );
}

/** Ends every session of a user except, optionally, the one making the request. */
export async function revokeUserFamilies(
  db: SqlExecutor,
  userId: string,
  reason: string,
  exceptFamilyId?: string,
): Promise<void> {
  const except = exceptFamilyId === undefined ? sql.empty : sql`and id <> ${exceptFamilyId}::uuid`;
  await db.query(
    sql`update refresh_families set revoked_at = now(), revoked_reason = ${reason}
     where user_id = ${userId} and revoked_at is null ${except}`,
  );
}

/** Expired tokens can no longer be replayed, so they are no longer needed for theft detection. */
export async function deleteExpiredTokens(db: SqlExecutor): Promise<number> {
  const { rowCount } = await db.query(sql`delete from refresh_tokens where expires_at < now()`);
  return rowCount;
}
