// Black-box checks through the gateway against the real auth and product services (child
// processes on real PostgreSQL, FerretDB and Redis); the other services are stubs here.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@emporium/platform';
import {
  createTestDatabase,
  type TestDatabase,
  testInfra,
  uniqueName,
  waitFor,
} from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from '../src/config.js';
import { type GatewayService, startGatewayService } from '../src/service.js';
import { type RealService, startRealService } from './support/real-service.js';
import { type StubService, startStub } from './support/stub-upstreams.js';

describe('through the gateway to the real auth and product services', () => {
  let authDb: TestDatabase;
  let auth: RealService;
  let product: RealService;
  let stubs: StubService[];
  let gateway: GatewayService;
  let customerToken: string;

  beforeAll(async () => {
    const events = { AMQP_URL: testInfra.amqpUrl, EVENTS_EXCHANGE: `${uniqueName('x')}.events` };
    authDb = await createTestDatabase('gateway_e2e_auth');
    auth = await startRealService('auth', {
      DATABASE_URL: authDb.url,
      REDIS_URL: testInfra.redisUrl,
      REDIS_KEY_PREFIX: `${uniqueName('auth')}:`,
      ...events,
    });
    const jwksUrl = `${auth.url}/.well-known/jwks.json`;
    product = await startRealService('product', {
      CATALOG_URL: `${testInfra.mongodbUrl}/${uniqueName('gateway_e2e')}`,
      REDIS_URL: testInfra.redisUrl,
      CACHE_KEY_PREFIX: `${uniqueName('product')}:`,
      ...events,
      AUTH_JWKS_URL: jwksUrl,
    });
    stubs = await Promise.all(['user', 'order', 'payment', 'notification'].map((name) => startStub(name)));
    const [user, order, payment, notification] = stubs as [
      StubService,
      StubService,
      StubService,
      StubService,
    ];
    const config = loadConfig(gatewayConfigSchema, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      REDIS_URL: testInfra.redisUrl,
      REDIS_KEY_PREFIX: `${uniqueName('gateway')}:`,
      AUTH_URL: auth.url,
      PRODUCT_URL: product.url,
      USER_URL: user.url,
      ORDER_URL: order.url,
      PAYMENT_URL: payment.url,
      NOTIFICATION_URL: notification.url,
      AUTH_JWKS_URL: jwksUrl,
      RATE_LIMIT_CREDENTIALS_MAX: '5',
      BREAKER_OPEN_MS: '500',
    });
    gateway = await startGatewayService(config, { processMetrics: false });
    await gateway.app.ready();

    const registered = await gateway.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: `${randomUUID()}@example.com`, password: 'a long and unusual passphrase 7' },
      remoteAddress: '10.9.0.1',
    });
    expect(registered.statusCode).toBeLessThan(300);
    customerToken = registered.json().accessToken;
  }, 240_000);

  afterAll(async () => {
    await gateway?.app.close();
    await gateway?.close();
    await Promise.all([auth?.stop(), product?.stop(), ...(stubs ?? []).map((stub) => stub.stop())]);
    await authDb?.drop();
  }, 60_000);

  it('reads the catalog anonymously', async () => {
    const res = await gateway.app.inject({ method: 'GET', url: '/api/v1/products?limit=5' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });
    const categories = await gateway.app.inject({ method: 'GET', url: '/api/v1/categories' });
    expect(categories.json()).toMatchObject({ categories: expect.any(Array) });
  });

  it('answers a repeated catalog read from its edge cache, as the product service allows', async () => {
    const url = '/api/v1/products?limit=3&sort=newest';
    const first = await gateway.app.inject({ method: 'GET', url });
    expect(first.headers['cache-control']).toContain('public');
    expect(first.headers['x-cache']).toBe('MISS');
    const again = await gateway.app.inject({ method: 'GET', url });
    expect(again.headers['x-cache']).toBe('HIT');
    expect(again.json()).toEqual(first.json());
  });

  it('verifies tokens from the real auth service and applies the route rules', async () => {
    const anonymous = await gateway.app.inject({ method: 'GET', url: '/api/v1/users/me' });
    expect(anonymous.statusCode).toBe(401);
    const asCustomer = { authorization: `Bearer ${customerToken}` };
    const admin = await gateway.app.inject({
      method: 'GET',
      url: '/api/v1/admin/products',
      headers: asCustomer,
    });
    expect(admin.statusCode).toBe(403);
    const me = await gateway.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: asCustomer });
    expect(me.statusCode).toBe(200);
  });

  it('answers a burst of logins over the limit with 429 and Retry-After', async () => {
    const codes: number[] = [];
    let last: Awaited<ReturnType<typeof gateway.app.inject>> | undefined;
    for (let i = 0; i < 7; i++) {
      last = await gateway.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'nobody@example.com', password: 'wrong password' },
        remoteAddress: '10.9.0.2',
      });
      codes.push(last.statusCode);
    }
    expect(codes.slice(0, 5).every((code) => code === 401)).toBe(true);
    expect(codes.slice(5)).toEqual([429, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('includes the real services in the aggregated OpenAPI document', async () => {
    const doc = (await gateway.app.inject({ method: 'GET', url: '/api/docs' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/products', '/api/v1/auth/login', '/api/v1/categories']),
    );
    expect(Object.keys(doc.paths).some((path) => path.includes('/internal'))).toBe(false);
  });

  it('turns product routes into fast 503s while the product service is stopped, and back', async () => {
    await product.stop();
    const down = await gateway.app.inject({ method: 'GET', url: '/api/v1/products' });
    expect(down.statusCode).toBe(503);
    expect(down.json().type).toBe('https://emporium.dev/problems/upstream-unavailable');
    await product.start();
    await waitFor(
      async () => (await gateway.app.inject({ method: 'GET', url: '/api/v1/products' })).statusCode === 200,
      10_000,
    );
  }, 120_000);
});
