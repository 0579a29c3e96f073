import { createTestTokens } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

describe('authentication and route-level authorization', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({
      env: { JWKS_REFETCH_COOLDOWN_MS: '0' },
      routes: {
        // Like the real order service: the history needs a token, which it verifies itself.
        order: (app) => {
          app.get('/orders', async (request, reply) => {
            if (!request.headers.authorization) {
              return reply.status(401).type('application/problem+json').send({
                type: 'https://emporium.dev/problems/unauthorized',
                title: 'Unauthorized',
                status: 401,
              });
            }
            return { service: 'order', method: request.method, url: request.url, headers: request.headers };
          });
        },
      },
    });
  });
  afterAll(() => gateway.close());

  it.each(['/api/v1/users/me', '/api/v1/payments', '/api/v1/notifications'])(
    'answers an anonymous call to the customer route %s with 401 problem+json',
    async (url) => {
      const before = gateway.stubs.user.calls.length + gateway.stubs.order.calls.length;
      const res = await gateway.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ type: 'https://emporium.dev/problems/unauthorized', status: 401 });
      expect(gateway.stubs.user.calls.length + gateway.stubs.order.calls.length).toBe(before);
    },
  );

  it.each([
    '/api/v1/admin/users',
    '/api/v1/admin/products',
    '/api/v1/admin/orders',
    '/api/v1/admin/stock/a',
    '/api/v1/admin/regions',
    '/api/v1/admin/promotions',
  ])('answers a customer calling the admin route %s with 403', async (url) => {
    const res = await gateway.app.inject({ method: 'GET', url, headers: await gateway.customer() });
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toBe('https://emporium.dev/problems/forbidden');
  });

  it.each([
    ['POST', '/api/v1/orders', '/orders'],
    [
      'GET',
      '/api/v1/orders/5a0f3c1e-8d2b-4c6a-9e7f-1b2c3d4e5f60',
      '/orders/5a0f3c1e-8d2b-4c6a-9e7f-1b2c3d4e5f60',
    ],
  ] as const)(
    'lets a guest through to %s %s: the order service decides',
    async (method, url, upstreamUrl) => {
      const res = await gateway.app.inject({
        method,
        url,
        ...(method === 'POST'
          ? { payload: { cartId: 'c-1' }, headers: { 'idempotency-key': 'guest-checkout-1' } }
          : {}),
      });
      expect(res.statusCode).toBe(200);
      const reached = res.json();
      expect(reached).toMatchObject({ service: 'order', method, url: upstreamUrl });
      expect(reached.headers.authorization).toBeUndefined();
      expect(reached.headers['x-user-id']).toBeUndefined();
      expect(reached.headers['idempotency-key']).toBe(method === 'POST' ? 'guest-checkout-1' : undefined);
    },
  );

  it("answers a guest's order history with the order service's 401 problem+json", async () => {
    const before = gateway.stubs.order.calls.length;
    const res = await gateway.app.inject({ method: 'GET', url: '/api/v1/orders' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ type: 'https://emporium.dev/problems/unauthorized', status: 401 });
    expect(gateway.stubs.order.calls.slice(before).map((call) => call.url)).toEqual(['/orders']);
  });

  it('passes a stale token on to the order service to refuse, rather than dropping it and placing a guest order', async () => {
    const expired = `Bearer ${await gateway.tokens.sign({ expiresIn: '-1m' })}`;
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { authorization: expired, 'idempotency-key': 'k-1' },
      payload: { cartId: 'c-1' },
    });
    expect(res.json().headers.authorization).toBe(expired);
    expect(res.json().headers['x-user-id']).toBeUndefined();
  });

  it('applies the same rule to a token it has verified before, sent again and at once', async () => {
    const auth = await gateway.customer('6d1e2f30-4a5b-4c6d-8e7f-9a0b1c2d3e4f');
    const send = (url: string) => gateway.app.inject({ method: 'GET', url, headers: auth });
    // The first round checks the signature (twice at once), the later ones reuse the verification.
    for (let round = 0; round < 3; round++) {
      const [own, admin, again] = await Promise.all([
        send('/api/v1/orders'),
        send('/api/v1/admin/orders'),
        send('/api/v1/orders'),
      ]);
      expect([own!.statusCode, admin!.statusCode, again!.statusCode]).toEqual([200, 403, 200]);
      expect(own!.json().headers['x-user-id']).toBe('6d1e2f30-4a5b-4c6d-8e7f-9a0b1c2d3e4f');
      expect(admin!.json().type).toBe('https://emporium.dev/problems/forbidden');
    }
  });

  it('lets an admin through to admin routes', async () => {
    const res = await gateway.app.inject({
      method: 'GET',
      url: '/api/v1/admin/orders',
      headers: await gateway.admin(),
    });
    expect(res.statusCode).toBe(200);
  });

  it('forwards the verified identity together with the token the service verifies again', async () => {
    const auth = await gateway.customer('3f6c1a52-2f4e-4b7e-9d59-0c8f0e7a1b11');
    const res = await gateway.app.inject({ method: 'GET', url: '/api/v1/orders', headers: auth });
    expect(res.statusCode).toBe(200);
    const { headers } = res.json();
    expect(headers.authorization).toBe(auth.authorization);
    expect(headers['x-user-id']).toBe('3f6c1a52-2f4e-4b7e-9d59-0c8f0e7a1b11');
    expect(headers['x-user-roles']).toBe('customer');
  });

  it('refuses an expired token and a token signed by someone else', async () => {
    const expired = await gateway.tokens.sign({ expiresIn: '-1m' });
    const stranger = await (await createTestTokens()).sign({ roles: ['admin'] });
    for (const token of [expired, stranger, 'not-a-jwt']) {
      const res = await gateway.app.inject({
        method: 'GET',
        url: '/api/v1/payments',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(401);
    }
  });

  it('treats a caller with a stale token on a public route as a guest', async () => {
    const expired = await gateway.tokens.sign({ expiresIn: '-1m' });
    const res = await gateway.app.inject({
      method: 'GET',
      url: '/api/v1/products',
      headers: { authorization: `Bearer ${expired}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().headers['x-user-id']).toBeUndefined();
  });

  it('accepts the SSE stream token from ?access_token= and passes it on as a bearer token', async () => {
    const token = await gateway.tokens.sign({ userId: 'a1b2c3d4-0000-4000-8000-000000000001' });
    const res = await gateway.app.inject({
      method: 'GET',
      url: `/api/v1/notifications/stream?access_token=${token}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().headers.authorization).toBe(`Bearer ${token}`);
    expect(res.json().headers['x-user-id']).toBe('a1b2c3d4-0000-4000-8000-000000000001');
    const anonymous = await gateway.app.inject({ method: 'GET', url: '/api/v1/notifications/stream' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('does not take a query-string token on ordinary routes', async () => {
    const token = await gateway.tokens.sign({});
    const res = await gateway.app.inject({ method: 'GET', url: `/api/v1/payments?access_token=${token}` });
    expect(res.statusCode).toBe(401);
  });

  it('picks up a rotated signing key by refetching the JWKS on an unknown kid', async () => {
    const rotated = await createTestTokens();
    const token = await rotated.sign({});
    const before = await gateway.app.inject({
      method: 'GET',
      url: '/api/v1/payments',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(before.statusCode).toBe(401);
    // The auth service now publishes the new key beside the old one.
    gateway.tokens.jwks.keys.push(...rotated.jwks.keys);
    const after = await gateway.app.inject({
      method: 'GET',
      url: '/api/v1/payments',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.statusCode).toBe(200);
  });
});
