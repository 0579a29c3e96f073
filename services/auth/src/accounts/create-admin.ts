// The operator's way to the first admin: creates a verified admin account, or makes an existing
// account an admin and sets the given password.
import { randomUUID } from 'node:crypto';
import type { AuthContext } from '../context.js';
import { assertAcceptablePassword } from '../credentials/password-policy.js';
import { insertOneTimeToken } from '../repositories/one-time-tokens.js';
import {
  findUserByEmail,
  grantRoles,
  insertUser,
  markEmailVerified,
  updatePasswordHash,
} from '../repositories/users.js';
import { newSecretToken, normalizeEmail } from '../secret-tokens.js';

export async function createAdmin(
  ctx: Pick<AuthContext, 'outbox' | 'hasher' | 'lifetimes'>,
  rawEmail: string,
  password: string,
): Promise<{ userId: string; created: boolean }> {
  const email = normalizeEmail(rawEmail);
  assertAcceptablePassword(password, email, 'password');
  const passwordHash = await ctx.hasher.hash(password);
  return ctx.outbox.transaction(async (tx, emit) => {
    const existing = await findUserByEmail(tx, email);
    if (existing) {
      await updatePasswordHash(tx, existing.id, passwordHash);
      await grantRoles(tx, existing.id, ['admin']);
      if (await markEmailVerified(tx, existing.id)) {
        emit({ type: 'user.email_verified', subject: existing.id, data: { userId: existing.id, email } });
      }
      return { userId: existing.id, created: false };
    }
    const userId = randomUUID();
    await insertUser(tx, {
      id: userId,
      email,
      passwordHash,
      roles: ['admin', 'customer'],
      emailVerified: true,
    });
    // user.registered is what creates the profile in the user service; its link is valid but moot.
    const verification = newSecretToken();
    await insertOneTimeToken(tx, {
      hash: verification.hash,
      purpose: 'verify_email',
      userId,
      expiresAt: new Date(Date.now() + ctx.lifetimes.emailVerificationHours * 3_600_000),
    });
    emit({
      type: 'user.registered',
      subject: userId,
      data: { userId, email, verificationToken: verification.token },
    });
    emit({ type: 'user.email_verified', subject: userId, data: { userId, email } });
    return { userId, created: true };
  });
}

/** Creates the configured admin once; an existing account with that e-mail is left as it is. */
export async function bootstrapAdmin(
  ctx: Pick<AuthContext, 'db' | 'outbox' | 'hasher' | 'lifetimes'>,
  email: string,
  password: string,
): Promise<boolean> {
  if (await findUserByEmail(ctx.db, normalizeEmail(email))) return false;
  await createAdmin(ctx, email, password);
  return true;
}
