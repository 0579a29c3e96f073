import { randomUUID } from 'node:crypto';
import type { RegisterBody, Session } from '@emporium/contracts/auth';
import { problems } from '@emporium/platform';
import type { AuthContext } from '../context.js';
import { assertAcceptablePassword } from '../credentials/password-policy.js';
import { insertOneTimeToken } from '../repositories/one-time-tokens.js';
import { insertUser } from '../repositories/users.js';
import { newSecretToken, normalizeEmail } from '../secret-tokens.js';
import { startSession } from '../sessions/sessions.js';

const HOUR_MS = 3_600_000;

/** Creates a customer account, e-mails a verification link (via user.registered) and signs in. */
export async function register(ctx: AuthContext, input: RegisterBody): Promise<Session> {
  const email = normalizeEmail(input.email);
  assertAcceptablePassword(input.password, email, 'body.password');
  const passwordHash = await ctx.hasher.hash(input.password);
  const userId = randomUUID();
  const verification = newSecretToken();
  return ctx.outbox.transaction(async (tx, emit) => {
    const created = await insertUser(tx, {
      id: userId,
      email,
      passwordHash,
      roles: ['customer'],
      emailVerified: false,
    });
    if (!created) throw problems.conflict('An account with this e-mail already exists.', 'email-taken');
    await insertOneTimeToken(tx, {
      hash: verification.hash,
      purpose: 'verify_email',
      userId,
      expiresAt: new Date(Date.now() + ctx.lifetimes.emailVerificationHours * HOUR_MS),
    });
    emit({
      type: 'user.registered',
      subject: userId,
      data: {
        userId,
        email,
        ...(input.displayName ? { displayName: input.displayName } : {}),
        verificationToken: verification.token,
      },
    });
    return startSession(ctx, { id: userId, email, roles: ['customer'], emailVerified: false }, tx);
  });
}
