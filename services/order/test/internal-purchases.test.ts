// GET /internal/purchases on real PostgreSQL: which orders count as purchases, paging by cursor
// without losing or repeating a purchase (also among orders placed in the same microsecond), the
// internal token, and refusals of bad input by name.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  INTERNAL_TOKEN_HEADER,
  loadConfig,
  openSqlDatabase,
  type SqlDatabase,
  sql,
} from '@emporium/platform';
import { createTestDatabase, type TestDatabase, testInfra, uniqueName } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderConfigSchema } from '../src/config.js';
import { startOrderService } from '../src/service.js';

const TOKEN = randomBytes(24).toString('hex');

interface TestOrder {
  id: string;
  userId: string | null;
  status: string;
  productIds: string[];
  createdAt: string;
}

describe('GET /internal/purchases', () => {
  let database: TestDatabase;
  let service: Awaited<ReturnType<typeof startOrderService>>;
  const alice = `user-${randomUUID()}`;
  const bob = `user-${randomUUID()}`;
  const sameInstant = '2026-03-01T10:00:00.123456Z';
  const orders: TestOrder[] = [
    {
      id: randomUUID(),
      userId: alice,
      status: 'delivered',
      productIds: ['p-mug', 'p-mug', 'p-pot'],
      createdAt: '2026-01-05T09:00:00Z',
    },
    {
      id: randomUUID(),
      userId: bob,
      status: 'confirmed',
      productIds: ['p-kettle'],
      createdAt: '2026-02-01T09:00:00Z',
    },
    { id: randomUUID(), userId: alice, status: 'shipped', productIds: ['p-tray'], createdAt: sameInstant },
    {
      id: randomUUID(),
      userId: bob,
      status: 'refunded',
      productIds: ['p-cup', 'p-jar'],
      createdAt: sameInstant,
    },
    // Not purchases: cancelled, never through checkout, a guest's.
    {
      id: randomUUID(),
      userId: alice,
      status: 'cancelled',
      productIds: ['p-bowl'],
      createdAt: '2026-03-02T09:00:00Z',
    },
    {
      id: randomUUID(),
      userId: bob,
      status: 'checkout_failed',
      productIds: ['p-bowl'],
      createdAt: '2026-03-03T09:00:00Z',
    },
    {
      id: randomUUID(),
      userId: bob,
      status: 'payment_authorized',
      productIds: ['p-bowl'],
      createdAt: '2026-03-04T09:00:00Z',
    },
    {
      id: randomUUID(),
      userId: null,
      status: 'delivered',
      productIds: ['p-bowl'],
      createdAt: '2026-03-05T09:00:00Z',
    },
  ];
  const purchased = orders
    .filter((o) => o.userId && ['confirmed', 'shipped', 'delivered', 'refunded'].includes(o.status))
    .flatMap((o) => [...new Set(o.productIds)].map((productId) => `${o.id}/${productId}/${o.userId}`));

  beforeAll(async () => {
    database = await createTestDatabase('order_purchases');
    const config = loadConfig(orderConfigSchema, {
      DATABASE_URL: database.url,
      AMQP_URL: testInfra.amqpUrl,
      EVENTS_EXCHANGE: `${uniqueName('x')}.events`,
      // Reading purchases calls none of them; nothing listens there.
      AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
      PRODUCT_URL: 'http://127.0.0.1:9',
      PAYMENT_URL: 'http://127.0.0.1:9',
      PRICING_URL: 'http://127.0.0.1:9',
      INTERNAL_TOKEN: TOKEN,
      LOG_LEVEL: 'silent',
    });
    service = await startOrderService(config, { processMetrics: false });
    const db = await openSqlDatabase(database.url);
    try {
      for (const order of orders) await insertOrder(db, order);
    } finally {
      await db.close();
    }
  });
  afterAll(async () => {
    await service?.app.close();
    await service?.close();
    await database?.drop();
  });

  const read = async (query = '', headers: Record<string, string> = { [INTERNAL_TOKEN_HEADER]: TOKEN }) => {
    const res = await service.app.inject({ method: 'GET', url: `/internal/purchases${query}`, headers });
    return { status: res.statusCode, type: res.headers['content-type'], body: res.json() };
  };

  it('lists each product of each order that went through, once, oldest first', async () => {
    const res = await read();
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeUndefined();
    const seen = res.body.items.map(
      (p: { orderId: string; productId: string; customerId: string }) =>
        `${p.orderId}/${p.productId}/${p.customerId}`,
    );
    expect(seen.sort()).toEqual([...purchased].sort());
    expect(res.body.items[0]).toEqual({
      orderId: orders[0]!.id,
      customerId: alice,
      productId: 'p-mug',
      placedAt: '2026-01-05T09:00:00.000000Z',
    });
    const times = res.body.items.map((p: { placedAt: string }) => p.placedAt);
    expect(times).toEqual([...times].sort());
  });

  it('pages through every purchase by cursor, none lost or repeated', async () => {
    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await read(`?limit=${limit}${cursor ? `&after=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(limit);
        seen.push(
          ...res.body.items.map((p: { orderId: string; productId: string }) => `${p.orderId}/${p.productId}`),
        );
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(purchased.map((p) => p.split('/').slice(0, 2).join('/')).sort());
    }
  });

  it('refuses a caller without the internal token', async () => {
    const refused: Record<string, string>[] = [{}, { [INTERNAL_TOKEN_HEADER]: 'x'.repeat(TOKEN.length) }];
    for (const headers of refused) {
      const res = await read('', headers);
      expect(res.status).toBe(401);
      expect(res.type).toMatch(/application\/problem\+json/);
    }
  });

  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['?limit=0', 'querystring.limit'],
    ['?limit=1001', 'querystring.limit'],
    ['?limit=two', 'querystring.limit'],
    ['?after=not-a-cursor', 'querystring.after'],
    [`?after=${cursor(['0000-01-01T00:00:00Z', randomUUID(), 'p'])}`, 'querystring.after'],
    [`?after=${cursor(['2026-01-01T00:00:00Z', 'not-a-uuid', 'p'])}`, 'querystring.after'],
    [`?after=${cursor(['2026-01-01T00:00:00Z', randomUUID(), 'p\u0000'])}`, 'querystring.after'],
    [`?after=${cursor({ placedAt: '2026-01-01T00:00:00Z' })}`, 'querystring.after'],
  ])('refuses %s, naming the field', async (query, field) => {
    const res = await read(query);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
  });

  it('is documented in the served OpenAPI, with its refusals', async () => {
    const doc = (await service.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const operation = doc.paths['/internal/purchases'].get;
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401']));
    expect(operation.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['after', 'limit']);
  });
});

async function insertOrder(db: SqlDatabase, order: TestOrder) {
  const lines = order.productIds.map((productId, index) => ({
    sku: `${productId}-${index}`,
    productId,
    title: productId,
    quantity: 1,
    unitPrice: { amount: 1000, currency: 'USD' },
    lineTotal: { amount: 1000, currency: 'USD' },
  }));
  const address = {
    name: 'Ada',
    line1: '1 Main St',
    city: 'Springfield',
    postalCode: '12345',
    country: 'US',
  };
  await db.query(
    sql`insert into orders (id, order_number, user_id, cart_id, email, status, currency, lines, shipping_address,
          billing_address, shipping_method, subtotal, shipping, tax, total, created_at)
        values (${order.id}, ${uniqueName('EMP')}, ${order.userId}, ${randomUUID()}, 'ada@example.com',
          ${order.status}, 'USD', ${JSON.stringify(lines)}::jsonb, ${JSON.stringify(address)}::jsonb,
          ${JSON.stringify(address)}::jsonb, 'standard', 1000, 0, 0, 1000, ${order.createdAt}::timestamptz)`,
  );
}
