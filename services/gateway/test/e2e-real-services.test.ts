// Black-box checks through the gateway against the real auth, product, order and payment services
// (child processes on real PostgreSQL, FerretDB, Redis and RabbitMQ); user and notification are
// stubs here.
import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from '@emporium/platform';
import {
  createTestDatabase,
  type TestDatabase,
  testInfra,
  uniqueName,
  waitFor,
} from '@emporium/platform/testing';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from '../src/config.js';
import { type GatewayService, startGatewayService } from '../src/service.js';
import { type RealService, startRealService } from './support/real-service.js';
import { type StubService, startStub } from './support/stub-upstreams.js';

const admin = { email: 'admin@gateway-e2e.example', password: 'a long admin passphrase 42' };

describe('through the gateway to the real auth, product, order, payment and pricing services', () => {
  let databases: TestDatabase[];
  let auth: RealService;
  let product: RealService;
  let order: RealService;
  let payment: RealService;
  let pricing: RealService;
  let stubs: StubService[];
  let gateway: GatewayService;
  let customerToken: string;
  let adminToken: string;
  const catalogUrl = `${testInfra.mongodbUrl}/${uniqueName('gateway_e2e')}`;

  beforeAll(async () => {
    const events = { AMQP_URL: testInfra.amqpUrl, EVENTS_EXCHANGE: `${uniqueName('x')}.events` };
    // Shared by product, payment, pricing, order and the gateway: /internal/* runs guarded, as in production.
    const internal = { INTERNAL_TOKEN: randomBytes(32).toString('base64url') };
    databases = await Promise.all(
      [
        'gateway_e2e_auth',
        'gateway_e2e_order',
        'gateway_e2e_payment',
        'gateway_e2e_product',
        'gateway_e2e_pricing',
      ].map((name) => createTestDatabase(name)),
    );
    const [authDb, orderDb, paymentDb, productDb, pricingDb] = databases as [
      TestDatabase,
      TestDatabase,
      TestDatabase,
      TestDatabase,
      TestDatabase,
    ];
    auth = await startRealService('auth', {
      DATABASE_URL: authDb.url,
      REDIS_URL: testInfra.redisUrl,
      REDIS_KEY_PREFIX: `${uniqueName('auth')}:`,
      BOOTSTRAP_ADMIN_EMAIL: admin.email,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      ...events,
    });
    const jwksUrl = `${auth.url}/.well-known/jwks.json`;
    [product, payment, pricing] = await Promise.all([
      startRealService('product', {
        CATALOG_URL: catalogUrl,
        DATABASE_URL: productDb.url,
        REDIS_URL: testInfra.redisUrl,
        CACHE_KEY_PREFIX: `${uniqueName('product')}:`,
        ...events,
        ...internal,
        AUTH_JWKS_URL: jwksUrl,
      }),
      startRealService('payment', {
        DATABASE_URL: paymentDb.url,
        PAYMENT_PROVIDER: 'sandbox',
        ...events,
        ...internal,
        AUTH_JWKS_URL: jwksUrl,
      }),
      startRealService('pricing', { DATABASE_URL: pricingDb.url, ...internal, AUTH_JWKS_URL: jwksUrl }),
    ]);
    order = await startRealService('order', {
      DATABASE_URL: orderDb.url,
      PRODUCT_URL: product.url,
      PAYMENT_URL: payment.url,
      PRICING_URL: pricing.url,
      ...events,
      ...internal,
      AUTH_JWKS_URL: jwksUrl,
    });
    stubs = await Promise.all(['user', 'notification'].map((name) => startStub(name)));
    const [user, notification] = stubs as [StubService, StubService];
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
      PRICING_URL: pricing.url,
      AUTH_JWKS_URL: jwksUrl,
      RATE_LIMIT_CREDENTIALS_MAX: '5',
      BREAKER_OPEN_MS: '500',
      ...internal,
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
    const signedIn = await gateway.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: admin,
      remoteAddress: '10.9.0.3',
    });
    expect(signedIn.statusCode).toBe(200);
    adminToken = signedIn.json().accessToken;
  }, 240_000);

  afterAll(async () => {
    await gateway?.app.close();
    await gateway?.close();
    await Promise.all([
      ...[auth, product, order, payment, pricing].map((service) => service?.stop()),
      ...(stubs ?? []).map((stub) => stub.stop()),
    ]);
    await Promise.all((databases ?? []).map((database) => database.drop()));
    const catalog = await MongoClient.connect(catalogUrl);
    await catalog.db().dropDatabase();
    await catalog.close();
  }, 60_000);

  /** An active product with one variant in stock, created through the gateway's admin routes. */
  async function productInStock(): Promise<string> {
    const headers = { authorization: `Bearer ${adminToken}` };
    const sku = `GW-E2E-${randomUUID().slice(0, 8)}`.toUpperCase();
    const category = await gateway.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/categories/gateway-e2e',
      headers,
      payload: { name: 'Gateway e2e' },
    });
    expect(category.statusCode).toBeLessThan(300);
    const created = await gateway.app.inject({
      method: 'POST',
      url: '/api/v1/admin/products',
      headers,
      payload: {
        slug: sku.toLowerCase(),
        title: 'Enamel mug',
        brand: 'Emporium',
        category: 'gateway-e2e',
        status: 'active',
        variants: [{ sku, title: 'Blue', prices: [{ amount: 1250, currency: 'EUR' }], stock: 5 }],
      },
    });
    expect(created.statusCode).toBe(201);
    return sku;
  }

  it('reads the catalog anonymously', async () => {
    const res = await gateway.app.inject({ method: 'GET', url: '/api/v1/products?limit=5' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });
    const categories = await gateway.app.inject({ method: 'GET', url: '/api/v1/categories' });
    expect(categories.json()).toMatchObject({ categories: expect.any(Array) });
  });

  it('answers a method a path does not take with 405 and the methods it takes', async () => {
    const patch = await gateway.app.inject({ method: 'PATCH', url: '/api/v1/categories' });
    expect(patch.statusCode).toBe(405);
    expect(patch.headers.allow).toBe('GET, HEAD');
    expect(patch.headers['content-type']).toMatch(/application\/problem\+json/);
    // Caught by GET /cart/:cartId in the order service, yet only POST takes /cart/merge.
    const merge = await gateway.app.inject({ method: 'GET', url: '/api/v1/cart/merge' });
    expect(merge.statusCode).toBe(405);
    expect(merge.headers.allow).toBe('POST');
    // A method the gateway forwards to no service is refused at the edge.
    const query = await gateway.app.inject({ method: 'QUERY', url: '/api/v1/categories' });
    expect(query.statusCode).toBe(405);
    expect(query.headers.allow).toContain('GET');
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

  it('lets a guest check out and follow the order by its id, but not read an order history', async () => {
    const sku = await productInStock();
    const cart = await gateway.app.inject({ method: 'POST', url: '/api/v1/cart', payload: {} });
    expect(cart.statusCode).toBe(201);
    const { cartId } = cart.json();
    const added = await gateway.app.inject({
      method: 'POST',
      url: `/api/v1/cart/${cartId}/lines`,
      payload: { sku, quantity: 2 },
    });
    expect(added.statusCode).toBe(200);

    const checkout = {
      cartId,
      email: 'guest@example.com',
      shippingAddress: {
        name: 'Ada Lovelace',
        line1: '12 Analytical Row',
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
      shippingMethod: 'standard',
      paymentToken: '4242424242424242',
    };
    // A token the order service cannot verify is refused there, not turned into a guest order.
    const stale = await gateway.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { authorization: 'Bearer not-a-jwt', 'idempotency-key': randomUUID() },
      payload: checkout,
    });
    expect(stale.statusCode).toBe(401);

    const placed = await gateway.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { 'idempotency-key': randomUUID() },
      payload: checkout,
    });
    expect(placed.statusCode).toBe(201);
    const { orderId } = placed.json();
    expect(placed.json()).toMatchObject({ email: 'guest@example.com' });
    expect(placed.json().userId).toBeUndefined();

    let read: Awaited<ReturnType<typeof gateway.app.inject>> | undefined;
    await waitFor(async () => {
      read = await gateway.app.inject({ method: 'GET', url: `/api/v1/orders/${orderId}` });
      return read.statusCode === 200 && read.json().status === 'confirmed';
    }, 30_000);
    expect(read!.json()).toMatchObject({ orderId, lines: [{ sku, quantity: 2 }] });
    // Nobody else may be answered this order from the gateway's shared cache.
    expect(read!.headers['x-cache']).toBeUndefined();
    expect(String(read!.headers['cache-control'] ?? '')).not.toContain('public');

    const history = await gateway.app.inject({ method: 'GET', url: '/api/v1/orders' });
    expect(history.statusCode).toBe(401);
    expect(history.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(history.json()).toMatchObject({ type: 'https://emporium.dev/problems/unauthorized' });

    // A signed-in shopper still reads their own history; the guest order is not in it.
    const mine = await gateway.app.inject({
      method: 'GET',
      url: '/api/v1/orders',
      headers: { authorization: `Bearer ${customerToken}` },
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().orders).toEqual([]);
  }, 60_000);

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
