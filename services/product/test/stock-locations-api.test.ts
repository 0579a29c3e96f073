// The admin stock locations API over the embedded store (PGlite) and a real Redis cache:
// locations, a SKU's units per location, transfers (refusals named, retries applied once),
// shopper availability per shipping country, and the served OpenAPI document.
import { createRedisCache, createRedisClient } from '@emporium/platform';
import { createTestTokens, testInfra, uniqueName } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ProductApp } from '../src/app.js';
import type { CatalogStore } from '../src/repositories/catalog-store.js';
import { openSqlCatalogStore } from '../src/repositories/sql/sql-catalog-store.js';
import { productFields, testCategories } from './builders.js';
import { temporaryMediaStore } from './temporary-media-store.js';

describe('admin stock locations API', () => {
  let store: CatalogStore;
  let product: ProductApp;
  let adminToken: string;
  let shopperToken: string;
  let counter = 0;
  let media: Awaited<ReturnType<typeof temporaryMediaStore>>;

  beforeAll(async () => {
    store = await openSqlCatalogStore('pglite:memory');
    for (const category of testCategories) await store.products.upsertCategory(category);
    const tokens = await createTestTokens();
    adminToken = await tokens.sign({ userId: 'admin-3', roles: ['admin'] });
    shopperToken = await tokens.sign({ userId: 'shopper-1', roles: ['customer'] });
    media = await temporaryMediaStore();
    product = await buildApp({
      store,
      cache: createRedisCache(createRedisClient(testInfra.redisUrl), `${uniqueName('product')}:`),
      verifier: tokens.verifier,
      logLevel: 'silent',
      media: media.store,
    });
  });
  afterAll(async () => {
    await product.app.close();
    await store.close();
    await media.dispose();
  });

  const asAdmin = (headers = {}) => ({ authorization: `Bearer ${adminToken}`, ...headers });
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = {}) =>
    product.app.inject({ method, url, headers: asAdmin(headers), ...(payload ? { payload } : {}) });
  async function created(stock: number) {
    const fields = productFields();
    const res = await call('POST', '/admin/products', {
      ...fields,
      variants: fields.variants.map((variant) => ({ ...variant, stock })),
    });
    expect(res.statusCode).toBe(201);
    const body = res.json() as { slug: string; variants: { sku: string }[] };
    return { slug: body.slug, sku: body.variants[0]!.sku };
  }
  async function location(country: string, shipsTo?: string[]) {
    const code = `wh-${++counter}`;
    const res = await call('POST', '/admin/stock-locations', {
      code,
      name: `Warehouse ${counter}`,
      country,
      ...(shipsTo ? { shipsTo } : {}),
    });
    expect(res.statusCode).toBe(201);
    return code;
  }

  it('adds, lists, changes and removes locations, with problems naming what is wrong', async () => {
    const code = await location('NL', ['NL', 'BE']);
    const listed = (await call('GET', '/admin/stock-locations')).json();
    expect(listed.items[0]).toMatchObject({ code: 'default', default: true });
    expect(listed.items).toContainEqual(
      expect.objectContaining({ code, country: 'NL', shipsTo: ['NL', 'BE'], default: false }),
    );

    const taken = await call('POST', '/admin/stock-locations', { code, name: 'Again', country: 'NL' });
    expect(taken.statusCode).toBe(409);
    expect(taken.headers['content-type']).toContain('application/problem+json');
    expect(taken.json()).toMatchObject({ type: expect.stringContaining('location-code-taken') });

    const badCountry = await call('POST', '/admin/stock-locations', {
      code: 'wh-x',
      name: 'X',
      country: 'nl',
    });
    expect(badCountry.statusCode).toBe(400);
    expect(JSON.stringify(badCountry.json().errors)).toContain('country');
    const badCode = await call('POST', '/admin/stock-locations', {
      code: 'Has Space',
      name: 'X',
      country: 'NL',
    });
    expect(badCode.statusCode).toBe(400);
    expect(JSON.stringify(badCode.json().errors)).toContain('code');
    expect((await call('GET', '/admin/stock-locations/wh-x')).statusCode).toBe(404);

    const changed = await call('PATCH', `/admin/stock-locations/${code}`, {
      name: 'Rotterdam',
      shipsTo: null,
    });
    expect(changed.json()).toMatchObject({ code, name: 'Rotterdam', shipsTo: null });
    expect((await call('PATCH', `/admin/stock-locations/${code}`, {})).statusCode).toBe(400);

    const removedDefault = await call('DELETE', '/admin/stock-locations/default');
    expect(removedDefault.statusCode).toBe(409);
    expect(removedDefault.json().type).toContain('default-location');
    expect((await call('DELETE', `/admin/stock-locations/${code}`)).statusCode).toBe(204);
    expect((await call('GET', `/admin/stock-locations/${code}`)).statusCode).toBe(404);

    const asShopper = await product.app.inject({
      method: 'GET',
      url: '/admin/stock-locations',
      headers: { authorization: `Bearer ${shopperToken}` },
    });
    expect(asShopper.statusCode).toBe(403);
  });

  it('receives at a location, transfers, and shows the units per location', async () => {
    const { sku } = await created(5);
    const east = await location('US');
    const received = await call('POST', `/admin/stock/${sku}/restock`, { quantity: 4, location: east });
    expect(received.json()).toMatchObject({ sku, available: 9 });
    const unknown = await call('POST', `/admin/stock/${sku}/restock`, { quantity: 1, location: 'nowhere' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'body.location', message: 'no stock location nowhere' }]);

    const moved = await call('POST', `/admin/stock/${sku}/transfers`, {
      from: 'default',
      to: east,
      quantity: 2,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      sku,
      entries: [
        { kind: 'transfer', location: 'default', availableDelta: -2, actor: 'admin:admin-3' },
        { kind: 'transfer', location: east, availableDelta: 2 },
      ],
      locations: [
        { location: 'default', available: 3 },
        { location: east, available: 6 },
      ],
    });
    const stock = (await call('GET', `/admin/stock/${sku}/locations`)).json();
    expect(stock.level).toMatchObject({ sku, available: 9 });
    expect(stock.locations).toEqual(
      expect.arrayContaining([
        { location: 'default', available: 3, reserved: 0 },
        { location: east, available: 6, reserved: 0 },
      ]),
    );
    const ledger = (await call('GET', `/admin/stock/${sku}/ledger?limit=2`)).json();
    expect(ledger.items.map((entry: { location: string }) => entry.location)).toEqual([east, 'default']);
  });

  it('refuses transfers it cannot make, naming the field or the conflict, and changes nothing', async () => {
    const { sku } = await created(3);
    const west = await location('US');
    const transfer = (payload: object) => call('POST', `/admin/stock/${sku}/transfers`, payload);
    const short = await transfer({ from: 'default', to: west, quantity: 4 });
    expect(short.statusCode).toBe(409);
    expect(short.json()).toMatchObject({ type: expect.stringContaining('insufficient-stock'), available: 3 });
    const same = await transfer({ from: west, to: west, quantity: 1 });
    expect(same.statusCode).toBe(400);
    expect(same.json().errors[0].field).toBe('body.to');
    const nowhere = await transfer({ from: 'default', to: 'nowhere', quantity: 1 });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().errors[0].field).toBe('body.to');
    const zero = await transfer({ from: 'default', to: west, quantity: 0 });
    expect(zero.statusCode).toBe(400);
    expect(JSON.stringify(zero.json().errors)).toContain('quantity');
    expect(
      (await call('POST', '/admin/stock/NO-SUCH/transfers', { from: 'default', to: west, quantity: 1 }))
        .statusCode,
    ).toBe(404);
    expect((await call('GET', `/admin/stock/${sku}/locations`)).json().level).toMatchObject({ available: 3 });
  });

  it('refuses a change naming a field it does not take, and removing a location with units', async () => {
    const { sku } = await created(2);
    const code = await location('DE');
    const before = (await call('GET', `/admin/stock-locations/${code}`)).json();
    const unknownField = await call('PATCH', `/admin/stock-locations/${code}`, { name: 'Kassel', city: 'X' });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(unknownField.json().errors)).toContain('city');
    expect((await call('GET', `/admin/stock-locations/${code}`)).json()).toEqual(before);

    await call('POST', `/admin/stock/${sku}/transfers`, { from: 'default', to: code, quantity: 1 });
    const holding = await call('DELETE', `/admin/stock-locations/${code}`);
    expect(holding.statusCode).toBe(409);
    expect(holding.json()).toMatchObject({
      type: expect.stringContaining('location-holds-stock'),
      detail: expect.stringContaining('still holds units'),
    });
    expect((await call('GET', `/admin/stock-locations/${code}`)).statusCode).toBe(200);
  });

  it('decides a removal racing a transfer into the location one way, conserving the units', async () => {
    for (let round = 0; round < 4; round += 1) {
      const { sku } = await created(5);
      const code = await location('FR');
      const [removed, moved] = await Promise.all([
        call('DELETE', `/admin/stock-locations/${code}`),
        call('POST', `/admin/stock/${sku}/transfers`, { from: 'default', to: code, quantity: 2 }),
      ]);
      const stock = (await call('GET', `/admin/stock/${sku}/locations`)).json();
      expect(stock.level.available).toBe(5);
      if (removed.statusCode === 204) {
        // Removed first: the transfer found no such location and moved nothing.
        expect(moved.statusCode).toBe(400);
        expect(moved.json().errors[0].field).toBe('body.to');
        expect(stock.locations).toContainEqual({ location: 'default', available: 5, reserved: 0 });
        expect(stock.locations.map((l: { location: string }) => l.location)).not.toContain(code);
      } else {
        expect(removed.statusCode).toBe(409);
        expect(moved.statusCode).toBe(200);
        expect(stock.locations).toEqual(
          expect.arrayContaining([
            { location: 'default', available: 3, reserved: 0 },
            { location: code, available: 2, reserved: 0 },
          ]),
        );
      }
    }
  });

  it('applies a transfer once when the same Idempotency-Key arrives twice at once', async () => {
    const { sku } = await created(4);
    const to = await location('US');
    const send = () =>
      call(
        'POST',
        `/admin/stock/${sku}/transfers`,
        { from: 'default', to, quantity: 3 },
        { 'idempotency-key': 'k-1' },
      );
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().transferId).toBe(b.json().transferId);
    const other = await call(
      'POST',
      `/admin/stock/${sku}/transfers`,
      { from: 'default', to, quantity: 1 },
      { 'idempotency-key': 'k-1' },
    );
    expect(other.statusCode).toBe(409);
    const stock = (await call('GET', `/admin/stock/${sku}/locations`)).json();
    expect(stock.locations).toEqual(expect.arrayContaining([{ location: to, available: 3, reserved: 0 }]));
  });

  it('shows shoppers what locations shipping to their country hold', async () => {
    const { slug, sku } = await created(0);
    const uk = await location('GB', ['GB']);
    await call('POST', `/admin/stock/${sku}/restock`, { quantity: 5, location: uk });
    const detail = async (query: string) =>
      (await product.app.inject({ method: 'GET', url: `/products/${slug}${query}` })).json().variants[0]
        .available;
    expect(await detail('')).toBe(5);
    expect(await detail('?country=GB')).toBe(5);
    expect(await detail('?country=US')).toBe(0);
    const bad = await product.app.inject({ method: 'GET', url: `/products/${slug}?country=usa` });
    expect(bad.statusCode).toBe(400);
  });

  it('reserves from locations that ship to the order’s country', async () => {
    const { sku } = await created(0);
    const fr = await location('FR', ['FR']);
    await call('POST', `/admin/stock/${sku}/restock`, { quantity: 2, location: fr });
    const reserve = (id: string, shipTo: string) =>
      product.app.inject({
        method: 'PUT',
        url: `/internal/reservations/${id}`,
        payload: { lines: [{ sku, quantity: 1 }], shipTo },
      });
    expect((await reserve(`r-us-${counter}`, 'US')).statusCode).toBe(409);
    expect((await reserve(`r-fr-${counter}`, 'FR')).statusCode).toBe(200);
    expect((await call('GET', `/admin/stock/${sku}/locations`)).json().locations).toEqual(
      expect.arrayContaining([{ location: fr, available: 1, reserved: 1 }]),
    );
  });

  it('documents the location routes and their refusals in the served OpenAPI', async () => {
    const doc = (await product.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const transfer = doc.paths['/admin/stock/{sku}/transfers'].post;
    expect(Object.keys(transfer.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '409']));
    expect(transfer.responses['409'].content['application/problem+json']).toBeDefined();
    expect(doc.paths['/admin/stock-locations'].post.responses['409']).toBeDefined();
    expect(doc.paths['/admin/stock-locations/{code}'].delete.responses['409']).toBeDefined();
  });
});
