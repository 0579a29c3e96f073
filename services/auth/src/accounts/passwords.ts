// Changing a known password, and resetting a forgotten one by an e-mailed single-use link.
import { HttpProblem } from '@emporium/platform';
import type { AuthContext } from '../context.js';
import { assertAcceptablePassword } from '../credentials/password-policy.js';
import {
  consumeOneTimeToken,
  insertOneTimeToken,
  lastTokenIssuedAt,
  voidOutstandingTokens,
} from '../repositories/one-time-tokens.js';
import { revokeUserFamilies } from '../repositories/refresh-tokens.js';
import { findUserByEmail, findUserById, updatePasswordHash } from '../repositories/users.js';
import { hashSecretToken, newSecretToken, normalizeEmail } from '../secret-tokens.js';
import { invalidToken } from './verify-email.js';

/** One reset e-mail per account per minute, however often the form is sent. */
const RESET_EMAIL_INTERVAL_MS = 60_000;

/** Keeps the session making the change; ends every other one (a thief's included). */
export async function changePassword(
  ctx: AuthContext,
  input: { userId: string; sessionId?: string; currentPassword: string; newPassword: string; ip: string },
): Promise<void> {
  const user = await findUserById(ctx.db, input.userId);
  if (!user) throw new HttpProblem(404, 'not-found', 'Not found', 'The account no longer exists.');
  await ctx.throttle.assertAllowed(user.email, input.ip);
  if (!(await ctx.hasher.verify(user.passwordHash, input.currentPassword))) {
    await ctx.throttle.recordFailure(user.email, input.ip);
    throw new HttpProblem(403, 'wrong-password', 'Wrong password', 'The current password is wrong.');
  }
  assertAcceptablePassword(input.newPassword, user.email, 'body.newPassword');
  const passwordHash = await ctx.hasher.hash(input.newPassword);
  await ctx.outbox.transaction(async (tx, emit) => {
    await updatePasswordHash(tx, user.id, passwordHash);
    await revokeUserFamilies(tx, user.id, 'password changed', input.sessionId);
    emit({ type: 'user.password_changed', subject: user.id, data: { userId: user.id, email: user.email } });
  });
}

/** Always "accepted" to the caller: whether the e-mail has an account is not revealed. */
export async function requestPasswordReset(ctx: AuthContext, rawEmail: string): Promise<void> {
  const email = normalizeEmail(rawEmail);
  const user = await findUserByEmail(ctx.db, email);
  if (!user) return;
  const last = await lastTokenIssuedAt(ctx.db, user.id, 'reset_password');
  if (last && Date.now() - last.getTime() < RESET_EMAIL_INTERVAL_MS) return;
  const reset = newSecretToken();
  const expiresAt = new Date(Date.now() + ctx.lifetimes.passwordResetMinutes * 60_000);
  await ctx.outbox.transaction(async (tx, emit) => {
    await insertOneTimeToken(tx, { hash: reset.hash, purpose: 'reset_password', userId: user.id, expiresAt });
    emit({
      type: 'user.password_reset_requested',
      subject: user.id,
      data: {
        userId: user.id,
        email: user.email,
        resetToken: reset.token,
        expiresAt: expiresAt.toISOString(),
      },
    });
  });
}

/** Sets the new password, spends every outstanding reset link and ends every session. */
export async function resetPassword(
  ctx: AuthContext,
  input: { token: string; newPassword: string },
): Promise<void> {
  // The token is checked before the (slow) hash, and spent in the same transaction as the update.
  await ctx.outbox.transaction(async (tx, emit) => {
    const userId = await consumeOneTimeToken(tx, hashSecretToken(input.token), 'reset_password');
    if (!userId) throw invalidToken('password reset');
    const user = await findUserById(tx, userId);
    if (!user) throw invalidToken('password reset');
    assertAcceptablePassword(input.newPassword, user.email, 'body.newPassword');
    await updatePasswordHash(tx, userId, await ctx.hasher.hash(input.newPassword));
    await voidOutstandingTokens(tx, userId, 'reset_password');
    await revokeUserFamilies(tx, userId, 'password reset');
    emit({ type: 'user.password_changed', subject: userId, data: { userId, email: user.email } });
  });
}
