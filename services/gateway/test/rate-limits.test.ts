import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

describe('rate limits', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({
      env: {
        RATE_LIMIT_CREDENTIALS_MAX: '3',
        RATE_LIMIT_ANONYMOUS_MAX: '5',
        RATE_LIMIT_USER_MAX: '8',
        RATE_LIMIT_CHECKOUT_MAX: '2',
      },
    });
  });
  afterAll(() => gateway.close());

  const from = (ip: string) => ({ remoteAddress: ip });

  it('answers a burst over the login limit with 429, Retry-After and RateLimit headers', async () => {
    const attempts = [];
    for (let i = 0; i < 5; i++) {
      attempts.push(
        await gateway.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'a@b.co', password: 'guess' },
          ...from('10.0.0.1'),
        }),
      );
    }
    expect(attempts.map((res) => res.statusCode)).toEqual([200, 200, 200, 429, 429]);
    const refused = attempts[3]!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['ratelimit-limit']).toBe('3');
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(Number(refused.headers['ratelimit-reset'])).toBeGreaterThan(0);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.json()).toMatchObject({ type: 'https://emporium.dev/problems/rate-limited', status: 429 });
    expect(attempts[0]!.headers['ratelimit-remaining']).toBe('2');
  });

  it('limits register and password reset from the same credential budget, per IP', async () => {
    for (const url of ['/api/v1/auth/register', '/api/v1/auth/password/forgot']) {
      const codes = [];
      for (let i = 0; i < 4; i++) {
        codes.push(
          (await gateway.app.inject({ method: 'POST', url, payload: {}, ...from('10.0.0.2') })).statusCode,
        );
      }
      expect(codes.at(-1)).toBe(429);
    }
    const otherIp = await gateway.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: {},
      ...from('10.0.0.3'),
    });
    expect(otherIp.statusCode).toBe(200);
  });

  it('allows few orders per window (card testing) while reading an order stays free', async () => {
    const place = (ip: string) =>
      gateway.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { 'idempotency-key': crypto.randomUUID() },
        payload: {},
        ...from(ip),
      });
    const codes = [(await place('10.0.2.1')).statusCode, (await place('10.0.2.1')).statusCode];
    const third = await place('10.0.2.1');
    expect([...codes, third.statusCode]).toEqual([200, 200, 429]);
    expect(third.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    const read = await gateway.app.inject({
      method: 'GET',
      url: `/api/v1/orders/${crypto.randomUUID()}`,
      ...from('10.0.2.1'),
    });
    expect(read.statusCode).toBe(200);
    expect((await place('10.0.2.2')).statusCode).toBe(200);
  });

  it('counts anonymous traffic per IP, with RateLimit headers on every answer', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) {
      answers.push(await gateway.app.inject({ method: 'GET', url: '/api/v1/products', ...from('10.0.1.1') }));
    }
    expect(answers.map((res) => res.statusCode)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers.map((res) => res.headers['ratelimit-remaining'])).toEqual(['4', '3', '2', '1', '0', '0']);
    expect(answers.every((res) => res.headers['ratelimit-limit'] === '5')).toBe(true);
    expect(Number(answers[0]!.headers['ratelimit-reset'])).toBeGreaterThan(0);
    const refused = answers[5]!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ type: 'https://emporium.dev/problems/rate-limited', status: 429 });
    const neighbour = await gateway.app.inject({
      method: 'GET',
      url: '/api/v1/products',
      ...from('10.0.1.2'),
    });
    expect(neighbour.statusCode).toBe(200);
  });

  it('counts signed-in traffic per user, whatever address it comes from', async () => {
    const alice = await gateway.customer();
    const bob = await gateway.customer();
    const codes = [];
    for (let i = 0; i < 9; i++) {
      const res = await gateway.app.inject({
        method: 'GET',
        url: '/api/v1/orders',
        headers: alice,
        ...from(`10.0.2.${i + 1}`),
      });
      codes.push(res.statusCode);
    }
    expect(codes.filter((code) => code === 200)).toHaveLength(8);
    expect(codes.at(-1)).toBe(429);
    const sameIpOtherUser = await gateway.app.inject({
      method: 'GET',
      url: '/api/v1/orders',
      headers: bob,
      ...from('10.0.2.1'),
    });
    expect(sameIpOtherUser.statusCode).toBe(200);
  });
});
