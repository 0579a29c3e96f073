// The admin stock API over the embedded store (PGlite) and a real Redis cache: adjustments,
// counts, the ledger and its CSV export, and the product PATCH that no longer drops stock.
import { randomUUID } from 'node:crypto';
import { createRedisCache, createRedisClient } from '@emporium/platform';
import { createTestTokens, testInfra, uniqueName } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ProductApp } from '../src/app.js';
import type { CatalogStore } from '../src/repositories/catalog-store.js';
import { openSqlCatalogStore } from '../src/repositories/sql/sql-catalog-store.js';
import { productFields, testCategories } from './builders.js';
import { temporaryMediaStore } from './temporary-media-store.js';

describe('admin stock API', () => {
  let store: CatalogStore;
  let product: ProductApp;
  let media: Awaited<ReturnType<typeof temporaryMediaStore>>;
  let adminToken: string;

  beforeAll(async () => {
    store = await openSqlCatalogStore('pglite:memory');
    for (const category of testCategories) await store.products.upsertCategory(category);
    const tokens = await createTestTokens();
    adminToken = await tokens.sign({ userId: 'admin-7', roles: ['admin'] });
    media = await temporaryMediaStore();
    product = await buildApp({
      store,
      media: media.store,
      cache: createRedisCache(createRedisClient(testInfra.redisUrl), `${uniqueName('product')}:`),
      verifier: tokens.verifier,
      logLevel: 'silent',
    });
  });
  afterAll(async () => {
    await product.app.close();
    await store.close();
    await media.dispose();
  });

  const asAdmin = (headers = {}) => ({ authorization: `Bearer ${adminToken}`, ...headers });
  async function created(stock: number) {
    const fields = productFields();
    const res = await product.app.inject({
      method: 'POST',
      url: '/admin/products',
      headers: asAdmin(),
      payload: { ...fields, variants: fields.variants.map((variant) => ({ ...variant, stock })) },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; variants: { sku: string; title: string; prices: unknown }[] };
  }
  const adjust = (sku: string, payload: object, headers = {}) =>
    product.app.inject({
      method: 'POST',
      url: `/admin/stock/${sku}/adjustments`,
      headers: asAdmin(headers),
      payload,
    });
  const ledger = (sku: string, query = '') =>
    product.app.inject({ method: 'GET', url: `/admin/stock/${sku}/ledger${query}`, headers: asAdmin() });

  it('writes stock down with a reason and shows it in the ledger', async () => {
    const sku = (await created(10)).variants[0]!.sku;
    const res = await adjust(sku, { quantity: -3, reason: 'damaged', note: 'water damage' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      level: { sku, available: 7 },
      entry: {
        kind: 'adjustment',
        availableDelta: -3,
        actor: 'admin:admin-7',
        reason: 'damaged',
        note: 'water damage',
      },
    });
    const page = (await ledger(sku)).json();
    expect(page.items.map((entry: { kind: string }) => entry.kind)).toEqual(['adjustment', 'initial']);
    const claimed = await store.events.claim(1000, 60);
    expect(claimed.map((event) => event.envelope)).toContainEqual(
      expect.objectContaining({
        type: 'stock.adjusted',
        data: expect.objectContaining({
          sku,
          kind: 'adjustment',
          quantity: -3,
          available: 7,
          reason: 'damaged',
        }),
      }),
    );
  });

  it('raises stock.low when a write-down crosses the threshold', async () => {
    const sku = (await created(10)).variants[0]!.sku;
    expect((await adjust(sku, { quantity: -9, reason: 'lost' })).statusCode).toBe(200);
    const claimed = await store.events.claim(1000, 60);
    expect(claimed.map((event) => event.envelope)).toContainEqual(
      expect.objectContaining({ type: 'stock.low', data: expect.objectContaining({ sku, available: 1 }) }),
    );
  });

  it('refuses a write-down below zero with 409 naming what is available, changing nothing', async () => {
    const sku = (await created(2)).variants[0]!.sku;
    const res = await adjust(sku, { quantity: -5, reason: 'lost' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: expect.stringContaining('insufficient-stock'), available: 2 });
    expect((await ledger(sku)).json().items).toHaveLength(1);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const sku = (await created(2)).variants[0]!.sku;
    const zero = await adjust(sku, { quantity: 0, reason: 'lost' });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().errors).toEqual([expect.objectContaining({ field: 'body.quantity' })]);
    const reason = await adjust(sku, { quantity: 1, reason: 'stolen' });
    expect(reason.statusCode).toBe(400);
    expect(reason.json().errors.map((error: { field: string }) => error.field)).toContain('body.reason');
    const counted = await product.app.inject({
      method: 'POST',
      url: `/admin/stock/${sku}/count`,
      headers: asAdmin(),
      payload: { counted: -1 },
    });
    expect(counted.statusCode).toBe(400);
    expect(counted.json().errors.map((error: { field: string }) => error.field)).toContain('body.counted');
    expect((await ledger(sku, '?cursor=abc')).statusCode).toBe(400);
    expect((await ledger(sku)).json().items).toHaveLength(1);
  });

  it('answers 404 for a SKU it does not know', async () => {
    expect((await adjust('NO-SUCH-SKU', { quantity: 1, reason: 'found' })).statusCode).toBe(404);
    expect((await ledger('NO-SUCH-SKU')).statusCode).toBe(404);
  });

  it('applies a retried adjustment once per Idempotency-Key, even sent twice at once', async () => {
    const sku = (await created(10)).variants[0]!.sku;
    const key = { 'idempotency-key': `key-${sku}` };
    const answers = await Promise.all([
      adjust(sku, { quantity: -4, reason: 'damaged' }, key),
      adjust(sku, { quantity: -4, reason: 'damaged' }, key),
    ]);
    expect(answers.map((res) => res.statusCode)).toEqual([200, 200]);
    expect(answers[0]!.json().entry.id).toBe(answers[1]!.json().entry.id);
    const other = await adjust(sku, { quantity: -1, reason: 'damaged' }, key);
    expect(other.statusCode).toBe(409);
    expect(other.json().type).toContain('idempotency-key-reused');
    expect((await ledger(sku)).json().items[0]).toMatchObject({ availableAfter: 6 });
  });

  it('records returned units as a return naming the return, once when the same key races', async () => {
    const sku = (await created(2)).variants[0]!.sku;
    const orderId = randomUUID();
    const returnId = randomUUID();
    const send = () =>
      product.app.inject({
        method: 'POST',
        url: `/internal/stock/${sku}/returns`,
        headers: { 'idempotency-key': `return:${returnId}:${sku}` },
        payload: { quantity: 1, orderId, returnId },
      });
    const answers = await Promise.all([send(), send()]);
    expect(answers.map((res) => res.statusCode)).toEqual([200, 200]);
    const page = (await ledger(sku)).json();
    expect(page.items.map((entry: { kind: string }) => entry.kind)).toEqual(['return', 'initial']);
    expect(page.items[0]).toMatchObject({
      availableDelta: 1,
      availableAfter: 3,
      actor: `order:${orderId}`,
      reference: returnId,
    });
  });

  it('sets stock to a count, recording the difference', async () => {
    const sku = (await created(10)).variants[0]!.sku;
    const res = await product.app.inject({
      method: 'POST',
      url: `/admin/stock/${sku}/count`,
      headers: asAdmin(),
      payload: { counted: 8, note: 'cycle count' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      level: { available: 8 },
      entry: { kind: 'count', availableBefore: 10, availableDelta: -2, reason: 'recount' },
    });
  });

  it('pages the ledger newest first', async () => {
    const sku = (await created(1)).variants[0]!.sku;
    for (const quantity of [1, 2, 3]) await adjust(sku, { quantity, reason: 'found' });
    const first = (await ledger(sku, '?limit=2')).json();
    expect(first.items.map((entry: { availableDelta: number }) => entry.availableDelta)).toEqual([3, 2]);
    const second = (await ledger(sku, `?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((entry: { availableDelta: number }) => entry.availableDelta)).toEqual([1, 1]);
    expect(second.nextCursor).toBeNull();
  });

  it('exports the ledger as CSV with a header row, escaping what needs it', async () => {
    const sku = (await created(5)).variants[0]!.sku;
    await adjust(sku, { quantity: -1, reason: 'other', note: 'box "B", shelf 2\nsecond line' });
    await adjust(sku, { quantity: 1, reason: 'found', note: '=HYPERLINK("x")' });
    const res = await product.app.inject({
      method: 'GET',
      url: `/admin/stock/${sku}/ledger.csv`,
      headers: asAdmin(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(
      'id,at,sku,location,kind,availableDelta,reservedDelta,availableBefore,availableAfter,reservedBefore,reservedAfter,actor,reason,note,reference',
    );
    expect(lines[1]).toContain(
      `,${sku},default,adjustment,1,0,4,5,0,0,admin:admin-7,found,"'=HYPERLINK(""x"")",`,
    );
    expect(res.body).toContain(
      `,${sku},default,adjustment,-1,0,5,4,0,0,admin:admin-7,other,"box ""B"", shelf 2\nsecond line",`,
    );
    expect(lines.at(-2)).toContain(`,${sku},default,initial,5,0,0,5,`);
    expect(lines.at(-1)).toBe('');
    const unknown = await product.app.inject({
      method: 'GET',
      url: '/admin/stock/NO-SUCH-SKU/ledger.csv',
      headers: asAdmin(),
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses a PATCH that sets the stock of an existing variant, naming the field', async () => {
    const made = await created(3);
    const existing = made.variants[0]!;
    const res = await product.app.inject({
      method: 'PATCH',
      url: `/admin/products/${made.id}`,
      headers: asAdmin(),
      payload: {
        version: 1,
        variants: [{ sku: existing.sku, title: existing.title, prices: existing.prices, stock: 50 }],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'body.variants.0.stock' })]);
    expect((await store.stock.levels([existing.sku]))[0]?.available).toBe(3);
    // A new variant's stock is its opening quantity, as on create.
    const added = await product.app.inject({
      method: 'PATCH',
      url: `/admin/products/${made.id}`,
      headers: asAdmin(),
      payload: {
        version: 1,
        variants: [
          { sku: existing.sku, title: existing.title, prices: existing.prices },
          { sku: `${existing.sku}-XL`, title: 'XL', prices: existing.prices, stock: 4 },
        ],
      },
    });
    expect(added.statusCode).toBe(200);
    expect(added.json().variants[1]).toMatchObject({ sku: `${existing.sku}-XL`, available: 4 });
  });
});
