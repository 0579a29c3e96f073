import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

describe('routing the public REST API', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(() => gateway.close());

  const routed = [
    ['GET', '/api/v1/auth/me', 'auth', '/auth/me'],
    ['GET', '/api/v1/users/me/addresses', 'user', '/users/me/addresses'],
    ['GET', '/api/v1/products?q=lamp&sort=price', 'product', '/products?q=lamp&sort=price'],
    ['GET', '/api/v1/products/oak-lamp', 'product', '/products/oak-lamp'],
    ['GET', '/api/v1/categories', 'product', '/categories'],
    [
      'GET',
      '/api/v1/media/0123abcd0123abcd0123abcd0123abcd/card.webp',
      'product',
      '/media/0123abcd0123abcd0123abcd0123abcd/card.webp',
    ],
    ['POST', '/api/v1/cart/items', 'order', '/cart/items'],
    ['GET', '/api/v1/orders/o-1', 'order', '/orders/o-1'],
    ['GET', '/api/v1/payments', 'payment', '/payments'],
    ['GET', '/api/v1/notifications', 'notification', '/notifications'],
    ['GET', '/api/v1/admin/users', 'user', '/admin/users'],
    ['PATCH', '/api/v1/admin/products/p-1', 'product', '/admin/products/p-1'],
    ['PUT', '/api/v1/admin/stock/sku-1', 'product', '/admin/stock/sku-1'],
    ['GET', '/api/v1/admin/orders', 'order', '/admin/orders'],
    ['GET', '/api/v1/admin/payments', 'payment', '/admin/payments'],
    ['GET', '/api/v1/admin/notifications', 'notification', '/admin/notifications'],
    ['GET', '/api/v1/regions?country=DE', 'pricing', '/regions?country=DE'],
    ['POST', '/api/v1/admin/regions', 'pricing', '/admin/regions'],
    ['POST', '/api/v1/admin/promotions', 'pricing', '/admin/promotions'],
  ] as const;

  it.each(routed)('sends %s %s to the %s service as %s', async (method, url, service, upstreamUrl) => {
    const res = await gateway.app.inject({
      method,
      url,
      headers: await gateway.admin(),
      ...(method === 'GET' ? {} : { payload: { quantity: 1 } }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ service, method, url: upstreamUrl });
  });

  it("publishes the auth service's signing keys under /api/v1", async () => {
    const res = await gateway.app.inject({ method: 'GET', url: '/api/v1/.well-known/jwks.json' });
    expect(res.json()).toEqual(gateway.tokens.jwks);
  });

  it.each([
    '/api/v1/internal/variants?skus=a',
    '/internal/variants?skus=a',
    '/api/v1/users/u-1',
    '/api/v1/nothing-here',
  ])('never proxies %s', async (url) => {
    const before = Object.values(gateway.stubs).reduce((n, stub) => n + stub.calls.length, 0);
    const res = await gateway.app.inject({ method: 'GET', url, headers: await gateway.admin() });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Object.values(gateway.stubs).reduce((n, stub) => n + stub.calls.length, 0)).toBe(before);
  });

  it('forwards the request id and continues the caller trace with a new span', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await gateway.app.inject({
      method: 'GET',
      url: '/api/v1/products',
      headers: {
        'x-request-id': 'req-42',
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        tracestate: 'vendor=1',
      },
    });
    const { headers } = res.json();
    expect(res.headers['x-request-id']).toBe('req-42');
    expect(headers['x-request-id']).toBe('req-42');
    expect(headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(headers.traceparent).not.toContain('00f067aa0ba902b7');
    expect(headers.tracestate).toBe('vendor=1');
  });

  it('starts a trace when the caller sent none', async () => {
    const res = await gateway.app.inject({ method: 'GET', url: '/api/v1/products' });
    expect(res.json().headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(res.json().headers['x-request-id']).toBe(res.headers['x-request-id']);
  });

  it('strips hop-by-hop and gateway-owned headers on the way in', async () => {
    const res = await gateway.app.inject({
      method: 'GET',
      url: '/api/v1/products',
      headers: {
        connection: 'keep-alive, x-secret-hop',
        'x-secret-hop': 'drop me',
        'proxy-authorization': 'Basic abc',
        'x-user-id': 'forged-admin',
        'x-user-roles': 'admin',
        'x-forwarded-for': '6.6.6.6',
        'x-internal-token': 'guess',
        'accept-language': 'de',
      },
    });
    const { headers } = res.json();
    expect(headers['x-secret-hop']).toBeUndefined();
    expect(headers['proxy-authorization']).toBeUndefined();
    expect(headers['x-user-id']).toBeUndefined();
    expect(headers['x-user-roles']).toBeUndefined();
    expect(headers['x-internal-token']).toBeUndefined();
    expect(headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(headers['accept-language']).toBe('de');
  });

  it('strips internal and banner headers on the way out', async () => {
    const res = await gateway.app.inject({ method: 'GET', url: '/api/v1/products' });
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-internal-shard']).toBeUndefined();
    expect(res.headers.server).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('passes a body through byte for byte (webhook signatures depend on it)', async () => {
    const raw = '{"id":"evt_1",  "type":"payment_intent.succeeded"}';
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=abc' },
      payload: raw,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ body: raw, url: '/payments/webhooks/stripe' });
    expect(res.json().headers['stripe-signature']).toBe('t=1,v1=abc');
  });

  it("passes a carrier's signed webhook to the order service without a token", async () => {
    const raw = '{"trackingNumber":"JD0001", "status":"delivered"}';
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/carriers/dhl',
      headers: { 'content-type': 'application/json', 'x-carrier-signature': 'sha256=abc' },
      payload: raw,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ service: 'order', body: raw, url: '/webhooks/carriers/dhl' });
    expect(res.json().headers['x-carrier-signature']).toBe('sha256=abc');
  });

  it('refuses a body over the size limit with 413 before it reaches a service', async () => {
    const before = gateway.stubs.order.calls.length;
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/api/v1/cart/items',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ note: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().type).toBe('https://emporium.dev/problems/payload-too-large');
    expect(gateway.stubs.order.calls.length).toBe(before);
  });

  it('lets an admin image upload larger than the JSON body limit through to the product service', async () => {
    const before = gateway.stubs.product.calls.length;
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/api/v1/admin/products/p-1/media',
      headers: { ...(await gateway.admin()), 'content-type': 'multipart/form-data; boundary=x' },
      payload: Buffer.alloc(3 * 1024 * 1024, 1),
    });
    expect(res.statusCode === 413 ? res.json().type : undefined).not.toBe(
      'https://emporium.dev/problems/payload-too-large',
    );
    expect(gateway.stubs.product.calls.slice(before).map((call) => call.url)).toEqual([
      '/admin/products/p-1/media',
    ]);
  });
});
