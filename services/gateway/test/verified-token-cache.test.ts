import type { TokenVerifier } from '@emporium/platform';
import { createTestTokens, type TestTokens } from '@emporium/platform/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheVerifiedTokens } from '../src/access/verified-token-cache.js';

describe('the verified-token cache', () => {
  let tokens: TestTokens;
  beforeAll(async () => {
    tokens = await createTestTokens();
  });

  /** The test tokens' real verifier, counting the signature checks it makes. */
  function counting(): TokenVerifier & { checks: number } {
    const counter = {
      checks: 0,
      verify(token: string) {
        counter.checks++;
        return tokens.verifier.verify(token);
      },
    };
    return counter;
  }

  it('checks a token once and answers later requests with the same principal', async () => {
    const inner = counting();
    const verifier = cacheVerifiedTokens(inner, { maxAgeMs: 30_000, maxEntries: 10 });
    const token = await tokens.sign({ userId: 'u-1', roles: ['customer'] });
    const [first, second] = await Promise.all([verifier.verify(token), verifier.verify(token)]);
    const third = await verifier.verify(token);
    expect(first).toMatchObject({ userId: 'u-1', roles: ['customer'] });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(inner.checks).toBe(2);
  });

  it('checks again once the token expired or the reuse period ended', async () => {
    let clock = Date.now();
    const inner = counting();
    const verifier = cacheVerifiedTokens(inner, { maxAgeMs: 30_000, maxEntries: 10, now: () => clock });
    const shortLived = await tokens.sign({ expiresIn: '10s' });
    await verifier.verify(shortLived);
    clock += 11_000;
    // Past its exp: the cache must not answer; the real verifier (on the real clock) decides.
    await verifier.verify(shortLived);
    expect(inner.checks).toBe(2);

    const longLived = await tokens.sign({ expiresIn: '1h' });
    await verifier.verify(longLived);
    clock += 31_000;
    await verifier.verify(longLived);
    expect(inner.checks).toBe(4);
  });

  it('never remembers a refusal', async () => {
    const inner = counting();
    const verifier = cacheVerifiedTokens(inner, { maxAgeMs: 30_000, maxEntries: 10 });
    const forged = `${(await tokens.sign({})).slice(0, -4)}AAAA`;
    await expect(verifier.verify(forged)).rejects.toMatchObject({ status: 401 });
    await expect(verifier.verify(forged)).rejects.toMatchObject({ status: 401 });
    expect(inner.checks).toBe(2);
  });

  it('forgets the oldest token when full', async () => {
    const inner = counting();
    const verifier = cacheVerifiedTokens(inner, { maxAgeMs: 30_000, maxEntries: 2 });
    const [a, b, c] = await Promise.all([tokens.sign({}), tokens.sign({}), tokens.sign({})]);
    for (const token of [a, b, c, b, c, a]) await verifier.verify(token!);
    expect(inner.checks).toBe(4);
  });

  it('answers at once for a token it verified, and for none it has not or no longer may reuse', async () => {
    let clock = Date.now();
    const verifier = cacheVerifiedTokens(counting(), { maxAgeMs: 30_000, maxEntries: 10, now: () => clock });
    const token = await tokens.sign({ userId: 'u-2', roles: ['customer'], expiresIn: '1h' });
    expect(verifier.remembered(token)).toBeUndefined();
    const principal = await verifier.verify(token);
    expect(verifier.remembered(token)).toEqual(principal);
    clock += 31_000;
    expect(verifier.remembered(token)).toBeUndefined();
    const forged = `${token.slice(0, -4)}AAAA`;
    await expect(verifier.verify(forged)).rejects.toMatchObject({ status: 401 });
    expect(verifier.remembered(forged)).toBeUndefined();
  });

  it('verifies every request when the reuse period is 0', async () => {
    const inner = counting();
    const verifier = cacheVerifiedTokens(inner, { maxAgeMs: 0, maxEntries: 10 });
    const token = await tokens.sign({});
    await verifier.verify(token);
    await verifier.verify(token);
    expect(verifier.remembered(token)).toBeUndefined();
    expect(inner.checks).toBe(2);
  });
});
