import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryTree, orderWithLines, productSummary, variantFor } from './support/catalog-fixtures.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

const INTERNAL_TOKEN = 'graphql-test-internal-token-of-48-characters-ok';

describe('GraphQL at /graphql', () => {
  let gateway: TestGateway;
  const orders = Array.from({ length: 20 }, (_, i) => orderWithLines(i, 3));

  beforeAll(async () => {
    gateway = await startTestGateway({
      env: { GRAPHQL_MAX_DEPTH: '5', GRAPHQL_MAX_COST: '2000', INTERNAL_TOKEN },
      routes: {
        product: (app) => {
          app.get('/internal/variants', async (request) => {
            const skus = String((request.query as { skus: string }).skus).split(',');
            return { variants: skus.filter((sku) => sku !== 'sku-gone').map(variantFor) };
          });
          app.get('/categories', async () => ({ categories: categoryTree }));
          app.get('/products', async (request) => {
            const { category, limit } = request.query as { category?: string; limit?: string };
            // The pine lamp's picture was uploaded: the listing names it by reference only.
            const items = [
              productSummary('oak-lamp', category),
              {
                ...productSummary('pine-lamp', category),
                media: { id: 'f00d', width: 900, height: 600, fallback: 'png' },
              },
            ];
            return {
              items: items.slice(0, Number(limit)),
              total: 2,
              nextCursor: null,
              facets: {},
              mediaBase: 'https://cdn.example.com/media/',
            };
          });
          app.get('/products/:slug', async (request, reply) => {
            const { slug } = request.params as { slug: string };
            if (slug === 'missing')
              return reply.status(404).send({ type: 'x/not-found', title: 'Not found' });
            return { ...productSummary(slug), description: 'Solid oak.', images: [], variants: [] };
          });
        },
        order: (app) => {
          app.get('/orders', async (request) => ({
            orders: orders.slice(0, Number((request.query as { limit: string }).limit)).map((o) => o.summary),
          }));
          app.get('/orders/:orderId', async (request) => {
            const { orderId } = request.params as { orderId: string };
            return orders.find((o) => o.summary.orderId === orderId)!.detail;
          });
        },
        user: (app) => {
          app.get('/users/me', async () => ({
            id: 'u1',
            email: 'ada@example.com',
            name: 'Ada',
            phone: null,
          }));
        },
      },
    });
  });
  afterAll(() => gateway.close());

  const graphql = async (query: string, headers: Record<string, string> = {}) =>
    gateway.app.inject({ method: 'POST', url: '/graphql', headers, payload: { query } });

  const callsTo = (service: 'product' | 'order', path: string) =>
    gateway.stubs[service].calls.filter((call) => call.url.startsWith(path)).length;

  it('reads products and categories without signing in', async () => {
    const res = await graphql(
      '{ products(first: 1) { total items { slug price { amount currency } category { name } } } }',
    );
    expect(res.json()).toEqual({
      data: {
        products: {
          total: 2,
          items: [
            { slug: 'oak-lamp', price: { amount: 1999, currency: 'EUR' }, category: { name: 'Lamps' } },
          ],
        },
      },
    });
  });

  it("gives a product's uploaded picture as its card URL, and no picture as null", async () => {
    const res = await graphql('{ products(first: 2) { items { slug image } } }');
    expect(res.json().data.products.items).toEqual([
      { slug: 'oak-lamp', image: null },
      { slug: 'pine-lamp', image: 'https://cdn.example.com/media/f00d/card.png' },
    ]);
  });

  it('answers a missing product with null', async () => {
    const res = await graphql('{ product(slug: "missing") { title } }');
    expect(res.json()).toEqual({ data: { product: null } });
  });

  it('reads 20 orders with their products in a bounded number of upstream calls', async () => {
    const auth = await gateway.customer();
    const before = {
      list: callsTo('order', '/orders?'),
      detail: callsTo('order', '/orders/'),
      variants: callsTo('product', '/internal/variants'),
      products: callsTo('product', '/products'),
    };
    const res = await graphql(
      '{ orders(first: 20) { orderNumber lines { sku quantity product { title price(currency: "EUR") { amount } available } } } }',
      auth,
    );
    const data = res.json().data;
    expect(data.orders).toHaveLength(20);
    expect(data.orders.flatMap((o: { lines: unknown[] }) => o.lines)).toHaveLength(60);
    expect(data.orders[0].lines[0].product).toMatchObject({
      title: 'Product sku-0',
      price: { amount: 1000 },
    });
    // 60 order lines over 25 distinct SKUs: one batched catalog call, not one per line.
    expect(callsTo('product', '/internal/variants') - before.variants).toBe(1);
    expect(callsTo('product', '/products') - before.products).toBe(0);
    expect(callsTo('order', '/orders?') - before.list).toBe(1);
    expect(callsTo('order', '/orders/') - before.detail).toBeLessThanOrEqual(20);
  });

  it('asks the catalog for every distinct SKU in one call', async () => {
    const auth = await gateway.customer();
    const before = gateway.stubs.product.calls.length;
    await graphql('{ orders(first: 20) { lines { product { sku } } } }', auth);
    const batch = gateway.stubs.product.calls.slice(before).find((call) => call.url.startsWith('/internal/'));
    const skus = new URL(batch!.url, 'http://x').searchParams.get('skus')!.split(',');
    expect(new Set(skus).size).toBe(25);
    expect(skus).toHaveLength(25);
  });

  it("sends the internal token on the catalog's internal call, and on no other", async () => {
    const auth = await gateway.customer();
    const before = gateway.stubs.product.calls.length;
    await graphql('{ orders(first: 2) { lines { product { sku } } } products(first: 1) { total } }', auth);
    const calls = gateway.stubs.product.calls.slice(before);
    const internal = calls.filter((call) => call.url.startsWith('/internal/'));
    const others = calls.filter((call) => !call.url.startsWith('/internal/'));
    expect(internal).toHaveLength(1);
    expect(internal[0]!.headers['x-internal-token']).toBe(INTERNAL_TOKEN);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((call) => call.headers['x-internal-token'] === undefined)).toBe(true);
  });

  it('passes the caller token to the services it calls', async () => {
    const auth = await gateway.customer();
    const before = gateway.stubs.order.calls.length;
    await graphql('{ orders(first: 1) { orderNumber } }', auth);
    expect(gateway.stubs.order.calls[before]!.headers.authorization).toBe(auth.authorization);
  });

  it('refuses viewer-only fields to an anonymous caller, with the same rule as REST', async () => {
    const before = callsTo('order', '/orders');
    const res = await graphql('{ orders { orderNumber } }');
    expect(res.json().errors[0]).toMatchObject({
      message: 'Authentication is required.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(callsTo('order', '/orders')).toBe(before);
  });

  it('reads an order by id for a guest, as REST does, leaving visibility to the order service', async () => {
    const before = gateway.stubs.order.calls.length;
    const res = await graphql(`{ order(id: "${orders[0]!.summary.orderId}") { orderNumber } }`);
    expect(res.json()).toEqual({ data: { order: { orderNumber: 'EMP-1000' } } });
    const call = gateway.stubs.order.calls[before]!;
    expect(call.url).toBe(`/orders/${orders[0]!.summary.orderId}`);
    expect(call.headers.authorization).toBeUndefined();
  });

  it('refuses an order read with a stale token instead of reading it as a guest', async () => {
    const expired = await gateway.tokens.sign({ expiresIn: '-1m' });
    const before = callsTo('order', '/orders');
    const res = await graphql(`{ order(id: "${orders[0]!.summary.orderId}") { orderNumber } }`, {
      authorization: `Bearer ${expired}`,
    });
    expect(res.json().errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(callsTo('order', '/orders')).toBe(before);
  });

  it("returns the signed-in viewer's profile", async () => {
    const res = await graphql('{ viewer { id roles email name } }', await gateway.customer('u1'));
    expect(res.json().data.viewer).toEqual({
      id: 'u1',
      roles: ['customer'],
      email: 'ada@example.com',
      name: 'Ada',
    });
  });

  it('refuses an over-deep query before resolving anything', async () => {
    const before = gateway.stubs.product.calls.length;
    const res = await graphql(
      '{ products(first: 1) { items { category { products(first: 1) { category { name } } } } } }',
    );
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().errors)).toMatch(/depth/i);
    expect(gateway.stubs.product.calls.length).toBe(before);
  });

  it('refuses a query whose fan-out costs too much', async () => {
    const res = await graphql(
      '{ a: products(first: 100) { items { details { variants { sku } } category { products(first: 100) { slug } } } } }',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
  });

  it('does not serve GraphiQL outside development', async () => {
    const res = await gateway.app.inject({ method: 'GET', url: '/graphiql' });
    expect(res.statusCode).toBe(404);
  });
});
