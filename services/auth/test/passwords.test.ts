import type { Session } from '@emporium/contracts/auth';
import { sql } from '@emporium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthHarness, STRONG_PASSWORD, startAuthHarness, uniqueEmail } from './harness.js';

const NEW_PASSWORD = 'violet harbour canyon 77';

describe('e-mail verification and passwords', () => {
  let auth: AuthHarness;
  beforeAll(async () => {
    auth = await startAuthHarness();
  });
  afterAll(() => auth.close());

  const post = (url: string, payload: object, accessToken?: string) =>
    auth.service.app.inject({
      method: 'POST',
      url,
      payload,
      ...(accessToken ? { headers: { authorization: `Bearer ${accessToken}` } } : {}),
    });
  const refresh = (refreshToken: string) => post('/auth/refresh', { refreshToken });

  it('verifies the e-mail with the token from user.registered, once', async () => {
    const session = await auth.register();
    const { verificationToken } = await auth.eventFor<{ verificationToken: string }>(
      'user.registered',
      session.user.id,
    );
    expect((await post('/auth/verify-email', { token: verificationToken })).statusCode).toBe(200);
    await auth.eventFor('user.email_verified', session.user.id);
    const again = await post('/auth/verify-email', { token: verificationToken });
    expect(again.statusCode).toBe(400);
    expect(again.json().type).toMatch(/invalid-token$/);
    const relogin = await auth.login(session.user.email, STRONG_PASSWORD);
    expect((relogin.body.user as { emailVerified: boolean }).emailVerified).toBe(true);
  });

  it('refuses common and guessable passwords, naming the field', async () => {
    for (const password of ['password1234', 'qwertyuiop123', 'aaaaaaaaaaaaaaa']) {
      const res = await post('/auth/register', { email: uniqueEmail(), password });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('body.password');
    }
    const short = await post('/auth/register', { email: uniqueEmail(), password: 'Xk9#vq' });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].field).toBe('body.password');
  });

  it('changes the password, keeps the current session and ends the others', async () => {
    const email = uniqueEmail();
    const current = await auth.register(email);
    const other = (await auth.login(email, STRONG_PASSWORD)).body as unknown as Session;

    const wrong = await post(
      '/auth/password/change',
      { currentPassword: 'not the password', newPassword: NEW_PASSWORD },
      current.accessToken,
    );
    expect(wrong.statusCode).toBe(403);
    const changed = await post(
      '/auth/password/change',
      { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD },
      current.accessToken,
    );
    expect(changed.statusCode).toBe(204);

    expect((await auth.login(email, STRONG_PASSWORD, '198.51.100.30')).status).toBe(401);
    expect((await auth.login(email, NEW_PASSWORD)).status).toBe(200);
    expect((await refresh(current.refreshToken)).statusCode).toBe(200);
    expect((await refresh(other.refreshToken)).statusCode).toBe(401);
  });

  it('requires a signed-in user to change a password', async () => {
    const res = await post('/auth/password/change', { currentPassword: 'x', newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(401);
  });

  it('answers a reset request with 202 whether or not the account exists', async () => {
    expect((await post('/auth/password/forgot', { email: uniqueEmail() })).statusCode).toBe(202);
    const session = await auth.register();
    expect((await post('/auth/password/forgot', { email: session.user.email })).statusCode).toBe(202);
    await auth.eventFor('user.password_reset_requested', session.user.id);
  });

  it('resets the password with the e-mailed token, once, and signs out every session', async () => {
    const email = uniqueEmail();
    const session = await auth.register(email);
    await post('/auth/password/forgot', { email });
    const { resetToken, expiresAt } = await auth.eventFor<{ resetToken: string; expiresAt: string }>(
      'user.password_reset_requested',
      session.user.id,
    );
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());

    const weak = await post('/auth/password/reset', { token: resetToken, newPassword: 'password1234' });
    expect(weak.statusCode).toBe(400);
    expect(
      (await post('/auth/password/reset', { token: resetToken, newPassword: NEW_PASSWORD })).statusCode,
    ).toBe(204);
    const reused = await post('/auth/password/reset', {
      token: resetToken,
      newPassword: 'another fine phrase 99',
    });
    expect(reused.statusCode).toBe(400);

    expect((await auth.login(email, NEW_PASSWORD)).status).toBe(200);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
    await auth.eventFor('user.password_changed', session.user.id);
  });

  it('refuses an expired reset token', async () => {
    const email = uniqueEmail();
    const session = await auth.register(email);
    await post('/auth/password/forgot', { email });
    const { resetToken } = await auth.eventFor<{ resetToken: string }>(
      'user.password_reset_requested',
      session.user.id,
    );
    await auth.service.ctx.db.query(
      sql`update one_time_tokens set expires_at = now() - interval '1 second' where user_id = ${session.user.id}`,
    );
    const res = await post('/auth/password/reset', { token: resetToken, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(400);
    expect((await auth.login(email, STRONG_PASSWORD)).status).toBe(200);
  });
});
