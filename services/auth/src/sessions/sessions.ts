// Login sessions: a login starts a refresh-token family; each refresh exchanges the presented
// token for a successor; presenting an already exchanged token means it was copied, so the whole
// family (the thief's copy and the owner's) is revoked.
import { randomUUID } from 'node:crypto';
import type { Session } from '@emporium/contracts/auth';
import { HttpProblem, type Role, type SqlExecutor } from '@emporium/platform';
import type { AuthContext } from '../context.js';
import { findToken, insertFamiliesWithTokens, revokeFamily } from '../repositories/refresh-tokens.js';
import { type Account, updatePasswordHash } from '../repositories/users.js';
import { hashSecretToken, newSecretToken, normalizeEmail } from '../secret-tokens.js';

const DAY_MS = 86_400_000;

export const invalidCredentials = () =>
  new HttpProblem(401, 'invalid-credentials', 'Invalid credentials', 'The e-mail or password is wrong.');

const invalidRefreshToken = (detail: string) =>
  new HttpProblem(401, 'invalid-refresh-token', 'Invalid refresh token', detail);

interface SessionUser {
  id: string;
  email: string;
  roles: Role[];
  emailVerified: boolean;
}

export const sessionUser = (
  account: Pick<Account, 'id' | 'email' | 'roles' | 'emailVerifiedAt'>,
): SessionUser => ({
  id: account.id,
  email: account.email,
  roles: account.roles,
  emailVerified: account.emailVerifiedAt !== null,
});

function sessionBody(ctx: AuthContext, user: SessionUser, familyId: string, refreshToken: string): Session {
  return {
    accessToken: ctx.accessTokens.issue({ userId: user.id, roles: user.roles, sessionId: familyId }),
    refreshToken,
    expiresIn: ctx.accessTokens.ttlSeconds,
    user,
  };
}

/**
 * Opens a new family for the user: inside tx (a registration's), or after a login in a batch with
 * the sessions of the logins that end close to it (session-opener.ts).
 */
export async function startSession(ctx: AuthContext, user: SessionUser, tx?: SqlExecutor): Promise<Session> {
  const { token, hash } = newSecretToken();
  const session = {
    familyId: randomUUID(),
    userId: user.id,
    tokenHash: hash,
    expiresAt: new Date(Date.now() + ctx.lifetimes.refreshTokenDays * DAY_MS),
  };
  await (tx ? insertFamiliesWithTokens(tx, [session]) : ctx.sessions.open(session));
  return sessionBody(ctx, user, session.familyId, token);
}

export async function login(
  ctx: AuthContext,
  input: { email: string; password: string; ip: string },
): Promise<Session> {
  const email = normalizeEmail(input.email);
  // Both answer before any hashing (a locked-out attempt never reaches the hash); asked together,
  // a login waits for one round trip instead of two.
  const [attempt, user] = await Promise.all([
    ctx.throttle.assertAllowed(email, input.ip),
    ctx.loginAccounts(email),
  ]);
  // Unknown e-mails are verified against a decoy hash: the answer takes as long either way.
  const matches = await ctx.sessions.checking(ctx.hasher.verify(user?.passwordHash, input.password));
  if (!user || !matches) {
    await ctx.throttle.recordFailure(email, input.ip);
    throw invalidCredentials();
  }
  await ctx.throttle.recordSuccess(email, input.ip, attempt);
  if (ctx.hasher.needsRehash(user.passwordHash)) {
    await updatePasswordHash(ctx.db, user.id, await ctx.hasher.hash(input.password));
  }
  return startSession(ctx, sessionUser(user));
}

export async function refresh(ctx: AuthContext, presented: string): Promise<Session> {
  const presentedHash = hashSecretToken(presented);
  const successor = newSecretToken();
  const rotated = await ctx.rotations.rotate({
    presentedHash,
    successorHash: successor.hash,
    expiresAt: new Date(Date.now() + ctx.lifetimes.refreshTokenDays * DAY_MS),
  });
  if (rotated)
    return sessionBody(
      ctx,
      sessionUser({ ...rotated, id: rotated.userId }),
      rotated.familyId,
      successor.token,
    );

  // The slow path only runs for refused tokens: find out why.
  const known = await findToken(ctx.db, presentedHash);
  if (known?.used && !known.familyRevoked) {
    await revokeFamily(ctx.db, known.familyId, 'refresh token reused');
    throw new HttpProblem(
      401,
      'refresh-token-reused',
      'Refresh token reused',
      'This refresh token was already used; the session has been ended. Sign in again.',
    );
  }
  throw invalidRefreshToken(
    known?.familyRevoked
      ? 'The session has ended. Sign in again.'
      : 'The refresh token is unknown or expired.',
  );
}

/** Ends the session the token belongs to. Unknown tokens are ignored: logging out is idempotent. */
export async function logout(ctx: AuthContext, presented: string): Promise<void> {
  const known = await findToken(ctx.db, hashSecretToken(presented));
  if (known) await revokeFamily(ctx.db, known.familyId, 'logout');
}
