import type { Session } from '@emporium/contracts/auth';
import { createTokenVerifier } from '@emporium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthHarness, STRONG_PASSWORD, startAuthHarness, uniqueEmail } from './harness.js';

describe('auth sessions', () => {
  let auth: AuthHarness;
  beforeAll(async () => {
    auth = await startAuthHarness();
  });
  afterAll(() => auth.close());

  const refresh = (refreshToken: string) =>
    auth.service.app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken } });
  const me = (accessToken: string) =>
    auth.service.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });

  it('registers a customer and signs them in at once', async () => {
    const email = uniqueEmail();
    const session = await auth.register(email);
    expect(session.user).toMatchObject({ email, roles: ['customer'], emailVerified: false });
    expect(session.expiresIn).toBe(900);
    expect((await me(session.accessToken)).json()).toMatchObject({ id: session.user.id, email });
  });

  it('issues access tokens that the platform verifier accepts from the JWKS', async () => {
    const session = await auth.register();
    const verifier = createTokenVerifier(`${auth.baseUrl}/.well-known/jwks.json`);
    const principal = await verifier.verify(session.accessToken);
    expect(principal).toMatchObject({ userId: session.user.id, roles: ['customer'] });

    const [header, payload] = session.accessToken
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    const jwks = (await auth.service.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
    expect(header).toMatchObject({ alg: 'EdDSA', kid: jwks.keys[0].kid });
    expect(Object.keys(payload)).toEqual(expect.arrayContaining(['sub', 'roles', 'exp', 'iat', 'jti']));
    expect(payload.exp - payload.iat).toBe(900);
  });

  it('refuses a duplicate e-mail with 409 email-taken', async () => {
    const email = uniqueEmail();
    await auth.register(email);
    const res = await auth.service.app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: { email: email.toUpperCase(), password: STRONG_PASSWORD },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toMatch(/email-taken$/);
  });

  it('logs in with the right password and refuses a wrong one or an unknown e-mail alike', async () => {
    const email = uniqueEmail();
    await auth.register(email);
    const good = await auth.login(email, STRONG_PASSWORD);
    expect(good.status).toBe(200);
    expect(good.body.refreshToken).toEqual(expect.any(String));

    const wrong = await auth.login(email, 'not my password at all', '198.51.100.20');
    const unknown = await auth.login(uniqueEmail(), 'not my password at all', '198.51.100.20');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body.type).toBe(wrong.body.type);
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('rotates the refresh token on every use', async () => {
    const first = await auth.register();
    const second = (await refresh(first.refreshToken)).json() as Session;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.user.id).toBe(first.user.id);
    const third = await refresh(second.refreshToken);
    expect(third.statusCode).toBe(200);
  });

  it('ends the whole session family when a rotated refresh token is replayed', async () => {
    const stolen = await auth.register();
    const owner = (await refresh(stolen.refreshToken)).json() as Session;

    const replay = await refresh(stolen.refreshToken);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().type).toMatch(/refresh-token-reused$/);
    // The legitimate holder's current token died with the family.
    const afterTheft = await refresh(owner.refreshToken);
    expect(afterTheft.statusCode).toBe(401);
    expect(afterTheft.json().type).toMatch(/invalid-refresh-token$/);
  });

  it('lets only one of two simultaneous exchanges of a token win, and treats the other as a replay', async () => {
    const session = await auth.register();
    const answers = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
    expect(answers.map((res) => res.statusCode).sort()).toEqual([200, 401]);
    const loser = answers.find((res) => res.statusCode === 401)!;
    expect(loser.json().type).toMatch(/refresh-token-reused$/);
    const winner = answers.find((res) => res.statusCode === 200)!.json() as Session;
    expect((await refresh(winner.refreshToken)).statusCode).toBe(401);
  });

  it('gives each of many simultaneous refreshes its own account, with a replay among them refused', async () => {
    // Refreshes arriving together are rotated in one database call: every answer must still be
    // the presenting shopper's, and a token presented twice in the batch wins only once.
    const sessions = await Promise.all(Array.from({ length: 12 }, () => auth.register()));
    const presented = [...sessions, sessions[0]!];
    const answers = await Promise.all(presented.map((session) => refresh(session.refreshToken)));
    for (const [i, res] of answers.slice(1, -1).entries()) {
      expect(res.statusCode).toBe(200);
      const renewed = res.json() as Session;
      expect(renewed.user.id).toBe(sessions[i + 1]!.user.id);
      expect((await me(renewed.accessToken)).json()).toMatchObject({ id: sessions[i + 1]!.user.id });
    }
    expect([answers[0]!.statusCode, answers.at(-1)!.statusCode].sort()).toEqual([200, 401]);
  });

  it('keeps other sessions alive when one family is revoked', async () => {
    const email = uniqueEmail();
    const phone = await auth.register(email);
    const laptop = (await auth.login(email, STRONG_PASSWORD)).body as unknown as Session;
    await refresh(phone.refreshToken);
    await refresh(phone.refreshToken); // replay kills the phone's family only
    expect((await refresh(laptop.refreshToken)).statusCode).toBe(200);
  });

  it('revokes the session on logout, idempotently', async () => {
    const session = await auth.register();
    const logout = () =>
      auth.service.app.inject({
        method: 'POST',
        url: '/auth/logout',
        payload: { refreshToken: session.refreshToken },
      });
    expect((await logout()).statusCode).toBe(204);
    expect((await logout()).statusCode).toBe(204);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
  });

  it('refuses a refresh token it never issued', async () => {
    const res = await refresh('made-up-token');
    expect(res.statusCode).toBe(401);
    expect(res.json().type).toMatch(/invalid-refresh-token$/);
  });

  it('publishes user.registered with a verification token through the outbox', async () => {
    const email = uniqueEmail();
    const session = await auth.register(email);
    const data = await auth.eventFor<{ email: string; verificationToken: string }>(
      'user.registered',
      session.user.id,
    );
    expect(data.email).toBe(email);
    expect(data.verificationToken.length).toBeGreaterThan(20);
  });
});
