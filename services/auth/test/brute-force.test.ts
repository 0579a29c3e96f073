import { createMemoryCache } from '@emporium/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginThrottle, LIMITS, lockSeconds } from '../src/throttle/login-throttle.js';
import { type AuthHarness, STRONG_PASSWORD, startAuthHarness, uniqueEmail } from './harness.js';

describe('brute-force protection', () => {
  let auth: AuthHarness;
  beforeAll(async () => {
    auth = await startAuthHarness();
  });
  afterAll(() => auth.close());

  it('locks out an address after repeated wrong passwords, but not the owner on another address', async () => {
    const email = uniqueEmail();
    await auth.register(email);
    const attacker = '203.0.113.66';
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      const res = await auth.service.app.inject({
        method: 'POST',
        url: '/auth/login',
        headers: { 'x-forwarded-for': attacker },
        payload: { email, password: `wrong guess number ${attempt}` },
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) retryAfter = res.headers['retry-after'] as string;
    }
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(-10)).toEqual(Array(10).fill(429));
    expect(Number(retryAfter)).toBeGreaterThan(0);

    // Even the right password is refused from the attacking address while it is locked out...
    expect((await auth.login(email, STRONG_PASSWORD, attacker)).status).toBe(429);
    // ...while the owner, elsewhere, signs in.
    expect((await auth.login(email, STRONG_PASSWORD, '192.0.2.10')).status).toBe(200);
  });

  it('answers a locked-out login with a problem naming when to retry', async () => {
    const email = uniqueEmail();
    for (let i = 0; i < LIMITS.pair.failuresBeforeLock; i++)
      await auth.login(email, 'wrong password', '203.0.113.7');
    const res = await auth.service.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { 'x-forwarded-for': '203.0.113.7' },
      payload: { email, password: 'wrong password' },
    });
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json()).toMatchObject({ type: expect.stringMatching(/rate-limited$/), retryAfter: 30 });
  });

  it('does not let a forged X-Forwarded-For from an untrusted peer pick the address', async () => {
    const email = uniqueEmail();
    await auth.register(email);
    for (let i = 0; i < LIMITS.pair.failuresBeforeLock; i++) {
      await auth.service.app.inject({
        method: 'POST',
        url: '/auth/login',
        remoteAddress: '203.0.113.99',
        headers: { 'x-forwarded-for': `192.0.2.${i}` },
        payload: { email, password: 'wrong password' },
      });
    }
    const res = await auth.service.app.inject({
      method: 'POST',
      url: '/auth/login',
      remoteAddress: '203.0.113.99',
      headers: { 'x-forwarded-for': '192.0.2.200' },
      payload: { email, password: STRONG_PASSWORD },
    });
    expect(res.statusCode).toBe(429);
  });
});

describe('lockout schedule', () => {
  it('doubles each lockout and caps it, the account-wide one lower', () => {
    const pair = [4, 5, 6, 7].map((failures) => lockSeconds(LIMITS.pair, failures));
    expect(pair).toEqual([0, 30, 60, 120]);
    expect(lockSeconds(LIMITS.pair, 100)).toBe(LIMITS.pair.maxLockSeconds);
    expect(lockSeconds(LIMITS.account, 1000)).toBe(300);
  });

  it('slows a distributed attack on one account down for a short, bounded time only', async () => {
    let clock = 1_000_000;
    const throttle = createLoginThrottle(createMemoryCache(), () => clock);
    for (let i = 0; i < LIMITS.account.failuresBeforeLock; i++) {
      await throttle.recordFailure('victim@example.com', `10.0.${Math.floor(i / 200)}.${i % 200}`);
    }
    await expect(throttle.assertAllowed('victim@example.com', '192.0.2.1')).rejects.toMatchObject({
      status: 429,
      extensions: { retryAfter: LIMITS.account.firstLockSeconds },
    });
    clock += LIMITS.account.firstLockSeconds * 1000 + 1;
    await expect(throttle.assertAllowed('victim@example.com', '192.0.2.1')).resolves.toEqual({
      pairFailures: 0,
    });
  });

  it('forgets the failures of an account + IP once its password is right', async () => {
    const throttle = createLoginThrottle(createMemoryCache());
    const [email, ip] = ['owner@example.com', '192.0.2.8'];
    const below = LIMITS.pair.failuresBeforeLock - 1;
    for (let i = 0; i < below; i++) await throttle.recordFailure(email, ip);
    const attempt = await throttle.assertAllowed(email, ip);
    expect(attempt).toEqual({ pairFailures: below });
    await throttle.recordSuccess(email, ip, attempt);
    // Counted from zero again: as many failures again still leave the pair unlocked.
    for (let i = 0; i < below; i++) await throttle.recordFailure(email, ip);
    await expect(throttle.assertAllowed(email, ip)).resolves.toEqual({ pairFailures: below });
  });
});
