// Shopper and admin routes over the embedded store (PGlite) and a real Redis cache.
import { createRedisCache, createRedisClient } from '@emporium/platform';
import { createTestTokens, testInfra, uniqueName } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ProductApp } from '../src/app.js';
import type { CatalogStore } from '../src/repositories/catalog-store.js';
import { openSqlCatalogStore } from '../src/repositories/sql/sql-catalog-store.js';
import { productFields, testCategories } from './builders.js';
import { temporaryMediaStore } from './temporary-media-store.js';

describe('product API', () => {
  let store: CatalogStore;
  let product: ProductApp;
  let media: Awaited<ReturnType<typeof temporaryMediaStore>>;
  let adminToken: string;
  let customerToken: string;
  let slugReads = 0;

  beforeAll(async () => {
    store = await openSqlCatalogStore('pglite:memory');
    for (const category of testCategories) await store.products.upsertCategory(category);
    const findBySlug = store.products.findBySlug.bind(store.products);
    store.products.findBySlug = async (slug) => {
      slugReads += 1;
      return findBySlug(slug);
    };
    const tokens = await createTestTokens();
    adminToken = await tokens.sign({ roles: ['admin'] });
    customerToken = await tokens.sign({ roles: ['customer'] });
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

  const asAdmin = () => ({ authorization: `Bearer ${adminToken}` });
  const create = async (overrides = {}) => {
    const res = await product.app.inject({
      method: 'POST',
      url: '/admin/products',
      headers: asAdmin(),
      payload: {
        ...productFields(overrides),
        variants: productFields(overrides).variants.map((v) => ({ ...v, stock: 5 })),
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  const get = (url: string) => product.app.inject({ method: 'GET', url });

  it('creates a product an admin can then read back with its stock', async () => {
    const created = await create();
    expect(created).toMatchObject({ version: 1, categoryPath: ['apparel', 'tops'], status: 'active' });
    expect(created.variants[0].available).toBe(5);
    const res = await get(`/products/${created.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().title).toBe('Linen Shirt');
  });

  it('shows an update on the very next read (no stale cache)', async () => {
    const created = await create();
    await get(`/products/${created.slug}`);
    await get(`/products?q=${encodeURIComponent('linen')}`);
    const patched = await product.app.inject({
      method: 'PATCH',
      url: `/admin/products/${created.id}`,
      headers: asAdmin(),
      payload: {
        version: 1,
        title: 'Renamed Shirt',
        variants: [{ sku: created.variants[0].sku, title: 'M', prices: [{ amount: 1234, currency: 'USD' }] }],
      },
    });
    expect(patched.statusCode).toBe(200);
    expect((await get(`/products/${created.slug}`)).json()).toMatchObject({
      title: 'Renamed Shirt',
      version: 2,
    });
    const listed = (await get('/products?q=renamed')).json();
    expect(listed.items.map((item: { id: string }) => item.id)).toContain(created.id);
    expect(listed.items[0].price.amount).toBe(1234);
  });

  it('rejects a stale update with 409', async () => {
    const created = await create();
    const edit = (title: string) =>
      product.app.inject({
        method: 'PATCH',
        url: `/admin/products/${created.id}`,
        headers: asAdmin(),
        payload: { version: 1, title },
      });
    expect((await edit('First')).statusCode).toBe(200);
    const stale = await edit('Second');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().type).toBe('https://emporium.dev/problems/stale-version');
  });

  it('hides an archived product from listings but keeps its page', async () => {
    const created = await create({ title: 'Archivable Poncho' });
    expect((await get('/products?q=poncho')).json().total).toBe(1);
    const res = await product.app.inject({
      method: 'POST',
      url: `/admin/products/${created.id}/archive`,
      headers: asAdmin(),
    });
    expect(res.json().status).toBe('archived');
    expect((await get('/products?q=poncho')).json().total).toBe(0);
    expect((await get(`/products/${created.slug}`)).json().status).toBe('archived');
  });

  it('refuses a duplicate slug and an unknown category with clear problems', async () => {
    const created = await create();
    const duplicate = await product.app.inject({
      method: 'POST',
      url: '/admin/products',
      headers: asAdmin(),
      payload: productFields({ slug: created.slug }),
    });
    expect(duplicate.statusCode).toBe(409);
    const unknown = await product.app.inject({
      method: 'POST',
      url: '/admin/products',
      headers: asAdmin(),
      payload: productFields({ category: 'nope' }),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: 'body.category' })]);
  });

  it('lets only admins write', async () => {
    const payload = productFields();
    expect((await product.app.inject({ method: 'POST', url: '/admin/products', payload })).statusCode).toBe(
      401,
    );
    const asCustomer = await product.app.inject({
      method: 'POST',
      url: '/admin/products',
      headers: { authorization: `Bearer ${customerToken}` },
      payload,
    });
    expect(asCustomer.statusCode).toBe(403);
  });

  it('filters by category, price, attributes and stock, with facets of the result set', async () => {
    const brand = uniqueName('Brand');
    await create({
      brand,
      attributes: { colour: 'green' },
      variants: [{ sku: uniqueName('G'), title: 'M', prices: [{ amount: 1000, currency: 'USD' }] }],
    });
    await create({
      brand,
      attributes: { colour: 'green' },
      variants: [{ sku: uniqueName('G'), title: 'M', prices: [{ amount: 5000, currency: 'USD' }] }],
    });
    await create({
      brand,
      attributes: { colour: 'blue' },
      variants: [{ sku: uniqueName('B'), title: 'M', prices: [{ amount: 3000, currency: 'USD' }] }],
    });
    const q = `q=${encodeURIComponent(brand)}&category=apparel`;
    const green = (await get(`/products?${q}&attr.colour=green&maxPrice=2000`)).json();
    expect(green.total).toBe(1);
    expect(green.items[0].price.amount).toBe(1000);
    const all = (await get(`/products?${q}&sort=price_desc&inStock=true`)).json();
    expect(all.items.map((i: { price: { amount: number } }) => i.price.amount)).toEqual([5000, 3000, 1000]);
    expect(all.facets.attributes.colour).toEqual([
      { value: 'green', count: 2 },
      { value: 'blue', count: 1 },
    ]);
    expect(all.facets.price).toEqual({ min: 1000, max: 5000 });
  });

  it('pages through a listing with a cursor, each product once', async () => {
    const brand = uniqueName('Pager');
    for (let i = 0; i < 5; i++) await create({ brand });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await get(`/products?q=${brand}&sort=newest&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(5);
    expect(new Set(seen).size).toBe(5);
  });

  it.each([
    ['a negative price', '/products?minPrice=-1'],
    ['an unknown sort', '/products?sort=cheapest'],
    ['a giant page size', '/products?limit=100000'],
    ['a malformed cursor', '/products?cursor=bm90LWEtY3Vyc29y'],
    [
      'a cursor from another sort',
      `/products?sort=price_asc&cursor=${Buffer.from('["newest",1,"x"]').toString('base64url')}`,
    ],
    ['an operator in a filter value', `/products?category=${encodeURIComponent('{"$gt":""}')}`],
    ['an operator in an attribute value', `/products?attr.colour=${encodeURIComponent('{"$gt":""}')}`],
    ['an operator as a filter key', `/products?${encodeURIComponent('category[$gt]')}=`],
    ['an unknown parameter', '/products?price=1'],
    ['minPrice above maxPrice', '/products?minPrice=10&maxPrice=5'],
    ['an operator as a slug', `/products/${encodeURIComponent('{"$gt":""}')}`],
  ])('answers %s with 400', async (_what, url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('serves a stampede of identical cold misses with one database read', async () => {
    const created = await create();
    slugReads = 0;
    const responses = await Promise.all(Array.from({ length: 200 }, () => get(`/products/${created.slug}`)));
    expect(responses.every((res) => res.statusCode === 200)).toBe(true);
    expect(slugReads).toBe(1);
  });

  it('answers the category tree', async () => {
    const res = await get('/categories');
    expect(res.json().categories).toEqual([
      { slug: 'apparel', name: 'Apparel', children: [{ slug: 'tops', name: 'Tops', children: [] }] },
    ]);
  });
});
