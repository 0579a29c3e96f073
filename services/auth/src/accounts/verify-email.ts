import { HttpProblem } from '@emporium/platform';
import type { AuthContext } from '../context.js';
import { consumeOneTimeToken } from '../repositories/one-time-tokens.js';
import { findUserById, markEmailVerified } from '../repositories/users.js';
import { hashSecretToken } from '../secret-tokens.js';

export const invalidToken = (what: string) =>
  new HttpProblem(
    400,
    'invalid-token',
    'Invalid or expired link',
    `The ${what} link is invalid, used or expired.`,
  );

export async function verifyEmail(ctx: AuthContext, token: string): Promise<{ userId: string }> {
  return ctx.outbox.transaction(async (tx, emit) => {
    const userId = await consumeOneTimeToken(tx, hashSecretToken(token), 'verify_email');
    if (!userId) throw invalidToken('verification');
    const user = await findUserById(tx, userId);
    if (user && (await markEmailVerified(tx, userId))) {
      emit({ type: 'user.email_verified', subject: userId, data: { userId, email: user.email } });
    }
    return { userId };
  });
}
