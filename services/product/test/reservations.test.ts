// The reservation API the checkout saga calls, end to end on the distributed adapters: the
// catalog on FerretDB (MongoDB wire protocol), stock on PostgreSQL, Redis and RabbitMQ, with
// events through the outbox.
import { eventSchemas } from '@emporium/contracts';
import {
  type EventBus,
  type EventEnvelope,
  loadConfig,
  openEventBus,
  type ServiceApp,
} from '@emporium/platform';
import {
  createTestDatabase,
  createTestTokens,
  type TestDatabase,
  testInfra,
  uniqueName,
  waitFor,
} from '@emporium/platform/testing';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productConfigSchema } from '../src/config.js';
import { startProductService } from '../src/service.js';
import { productFields, testCategories } from './builders.js';

describe('reservations API (FerretDB, PostgreSQL, Redis, RabbitMQ)', () => {
  const catalogUrl = `${testInfra.mongodbUrl}/${uniqueName('product')}`;
  let stockDb: TestDatabase;
  const exchange = `${uniqueName('x')}.events`;
  let service: Awaited<ReturnType<typeof startProductService>>;
  let app: ServiceApp;
  let bus: EventBus;
  let adminToken: string;
  const received: EventEnvelope[] = [];

  beforeAll(async () => {
    const tokens = await createTestTokens();
    adminToken = await tokens.sign({ roles: ['admin'] });
    stockDb = await createTestDatabase('product_stock');
    const config = loadConfig(productConfigSchema, {
      CATALOG_URL: catalogUrl,
      DATABASE_URL: stockDb.url,
      REDIS_URL: testInfra.redisUrl,
      AMQP_URL: testInfra.amqpUrl,
      EVENTS_EXCHANGE: exchange,
      CACHE_KEY_PREFIX: `${uniqueName('product')}:`,
      AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks.json',
      RESERVATION_SWEEP_SECONDS: '1',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    });
    service = await startProductService(config, {
      verifier: tokens.verifier,
      onStoreOpen: async (store) => {
        for (const category of testCategories) await store.products.upsertCategory(category);
      },
    });
    app = service.app;
    bus = openEventBus(testInfra.amqpUrl, eventSchemas, { exchange });
    await bus.subscribe({
      consumer: 'saga-observer',
      eventTypes: ['stock.*', 'product.*'],
      handle: async (event) => {
        received.push(event);
      },
    });
  });
  afterAll(async () => {
    await bus.close();
    await service.close();
    const client = await MongoClient.connect(catalogUrl);
    await client.db().dropDatabase();
    await client.close();
    await stockDb.drop();
  });

  async function stockedSku(stock: number): Promise<string> {
    const fields = productFields();
    const res = await app.inject({
      method: 'POST',
      url: '/admin/products',
      headers: { authorization: `Bearer ${adminToken}` },
      payload: { ...fields, variants: fields.variants.map((v) => ({ ...v, stock })) },
    });
    expect(res.statusCode).toBe(201);
    return fields.variants[0]!.sku;
  }
  const reserve = (id: string, lines: { sku: string; quantity: number }[], ttlSeconds?: number) =>
    app.inject({
      method: 'PUT',
      url: `/internal/reservations/${id}`,
      payload: { lines, ...(ttlSeconds ? { ttlSeconds } : {}) },
    });
  const post = (url: string) => app.inject({ method: 'POST', url });
  const availableOf = async (sku: string) =>
    (await app.inject({ method: 'GET', url: `/internal/variants?skus=${sku}` })).json().variants[0].available;
  const eventsFor = (id: string) =>
    received.filter((e) => (e.data as { reservationId?: string }).reservationId === id);

  it('lets exactly 50 of 200 parallel reservations through against 50 units', async () => {
    const sku = await stockedSku(50);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => reserve(`crowd-${i}-${sku}`, [{ sku, quantity: 1 }])),
    );
    expect(responses.filter((r) => r.statusCode === 200).length).toBe(50);
    const refused = responses.filter((r) => r.statusCode === 409);
    expect(refused.length).toBe(150);
    expect(refused[0]!.json()).toMatchObject({
      type: 'https://emporium.dev/problems/insufficient-stock',
      unavailable: [{ sku, requested: 1, available: 0 }],
    });
    expect(await availableOf(sku)).toBe(0);
  }, 120_000);

  it('loses and double counts no unit when restocks race reservations, commits and releases', async () => {
    const sku = await stockedSku(10);
    const held = Array.from({ length: 10 }, (_, i) => `held-${i}-${sku}`);
    for (const id of held) expect((await reserve(id, [{ sku, quantity: 1 }])).statusCode).toBe(200);
    const restock = () =>
      app.inject({
        method: 'POST',
        url: `/admin/stock/${sku}/restock`,
        headers: { authorization: `Bearer ${adminToken}` },
        payload: { quantity: 5 },
      });
    const answers = await Promise.all([
      ...held.slice(0, 5).map((id) => post(`/internal/reservations/${id}/commit`)),
      ...held.slice(5).map((id) => post(`/internal/reservations/${id}/release`)),
      ...Array.from({ length: 10 }, restock),
      ...Array.from({ length: 30 }, (_, i) => reserve(`racer-${i}-${sku}`, [{ sku, quantity: 1 }])),
    ]);
    expect(answers.slice(0, 20).every((a) => a.statusCode === 200)).toBe(true);
    const racersHolding = answers.slice(20).filter((a) => a.statusCode === 200).length;
    // 10 at first and 50 restocked: each unit is available, committed (5) or held by a racer.
    expect(await availableOf(sku)).toBe(10 + 50 - 5 - racersHolding);
  }, 60_000);

  it('answers a repeated reservation with the same outcome without reserving twice', async () => {
    const sku = await stockedSku(5);
    const first = await reserve('order-same', [{ sku, quantity: 2 }]);
    const again = await reserve('order-same', [{ sku, quantity: 2 }]);
    expect(first.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await availableOf(sku)).toBe(3);
  });

  it('reserves all lines or none and publishes stock.reserved / stock.rejected', async () => {
    const plenty = await stockedSku(10);
    const scarce = await stockedSku(1);
    const refused = await reserve('order-mixed', [
      { sku: plenty, quantity: 2 },
      { sku: scarce, quantity: 2 },
    ]);
    expect(refused.statusCode).toBe(409);
    expect(await availableOf(plenty)).toBe(10);
    expect((await reserve('order-fine', [{ sku: plenty, quantity: 2 }])).statusCode).toBe(200);
    await waitFor(() => eventsFor('order-mixed').length > 0 && eventsFor('order-fine').length > 0);
    expect(eventsFor('order-mixed')[0]).toMatchObject({
      type: 'stock.rejected',
      data: { unavailable: [{ sku: scarce, requested: 2, available: 1 }] },
    });
    expect(eventsFor('order-fine')[0]).toMatchObject({
      type: 'stock.reserved',
      data: { lines: [{ sku: plenty, quantity: 2 }] },
    });
  });

  it('commits once, and refuses to commit a released reservation', async () => {
    const sku = await stockedSku(4);
    await reserve('order-commit', [{ sku, quantity: 1 }]);
    expect((await post('/internal/reservations/order-commit/commit')).json()).toEqual({
      reservationId: 'order-commit',
      status: 'committed',
    });
    expect((await post('/internal/reservations/order-commit/commit')).statusCode).toBe(200);
    await reserve('order-dropped', [{ sku, quantity: 1 }]);
    expect((await post('/internal/reservations/order-dropped/release')).json()).toEqual({
      reservationId: 'order-dropped',
      status: 'released',
    });
    const late = await post('/internal/reservations/order-dropped/commit');
    expect(late.statusCode).toBe(409);
    expect(late.json().type).toBe('https://emporium.dev/problems/reservation-not-active');
    expect(await availableOf(sku)).toBe(3);
    await waitFor(() => eventsFor('order-dropped').some((e) => e.type === 'stock.released'));
  });

  it('treats releasing an unknown reservation as a no-op', async () => {
    const res = await post('/internal/reservations/never-made/release');
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('released');
  });

  it('releases a reservation nobody committed before it expired', async () => {
    const sku = await stockedSku(3);
    await reserve('order-abandoned', [{ sku, quantity: 3 }], 1);
    expect(await availableOf(sku)).toBe(0);
    await waitFor(async () => (await availableOf(sku)) === 3);
    await waitFor(() => eventsFor('order-abandoned').some((e) => e.type === 'stock.released'));
  });

  it('releases the reservation of a cancelled order', async () => {
    const sku = await stockedSku(2);
    const orderId = crypto.randomUUID();
    await reserve(orderId, [{ sku, quantity: 2 }]);
    const summary = {
      orderId,
      orderNumber: 'E-1',
      userId: crypto.randomUUID(),
      email: 'a@b.co',
      lines: [],
      totals: {
        subtotal: { amount: 0, currency: 'USD' },
        shipping: { amount: 0, currency: 'USD' },
        tax: { amount: 0, currency: 'USD' },
        total: { amount: 0, currency: 'USD' },
      },
    };
    const { createEnvelope } = await import('@emporium/platform');
    await bus.publish([
      createEnvelope('/services/order', {
        type: 'order.cancelled',
        data: { ...summary, reason: 'payment declined' },
      }),
    ]);
    await waitFor(async () => (await availableOf(sku)) === 2);
  });

  it('restocks, lists low stock and raises stock.low', async () => {
    const sku = await stockedSku(6);
    const admin = { authorization: `Bearer ${adminToken}` };
    await reserve('order-low', [{ sku, quantity: 4 }]);
    const low = await app.inject({ method: 'GET', url: '/admin/stock/low', headers: admin });
    expect(low.json().items.map((i: { sku: string }) => i.sku)).toContain(sku);
    await waitFor(() =>
      received.some((e) => e.type === 'stock.low' && (e.data as { sku: string }).sku === sku),
    );
    const restocked = await app.inject({
      method: 'POST',
      url: `/admin/stock/${sku}/restock`,
      headers: admin,
      payload: { quantity: 10 },
    });
    expect(restocked.json()).toMatchObject({ sku, available: 12, reserved: 4 });
  });

  // Two outboxes, two relays: product changes are stored with the MongoDB document, stock events
  // in PostgreSQL; both must reach the bus.
  it('publishes product changes from the catalog’s outbox as well as stock events', async () => {
    const fields = productFields();
    const created = await app.inject({
      method: 'POST',
      url: '/admin/products',
      headers: { authorization: `Bearer ${adminToken}` },
      payload: { ...fields, variants: fields.variants.map((v) => ({ ...v, stock: 2 })) },
    });
    expect(created.statusCode).toBe(201);
    const productId = created.json().id as string;
    await reserve(`order-${productId}`, [{ sku: fields.variants[0]!.sku, quantity: 1 }]);
    await waitFor(
      () =>
        received.some(
          (e) => e.type === 'product.changed' && (e.data as { productId: string }).productId === productId,
        ) &&
        received.some(
          (e) =>
            e.type === 'stock.reserved' &&
            (e.data as { reservationId: string }).reservationId === `order-${productId}`,
        ),
    );
  });
});
