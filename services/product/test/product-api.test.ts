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
    expect(all.facets.attributes.colour).toEqual({ green: 2, blue: 1 });
    expect(all.facets.brands).toEqual({ [brand]: 3 });
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
  describe('prices per currency', () => {
    const sku = () => uniqueName('CUR').toUpperCase();
    const priced = (prices: { amount: number; currency: string }[], extra = {}) => ({
      variants: [{ sku: sku(), title: 'M', options: { size: 'M' }, prices, ...extra }],
    });

    it('answers a product in the currency asked for, null where it is not sold in it', async () => {
      const created = await create(
        priced(
          [
            { amount: 2499, currency: 'USD' },
            { amount: 2299, currency: 'EUR' },
            { amount: 350000, currency: 'JPY' },
          ],
          { taxClass: 'reduced', weightGrams: 450 },
        ),
      );
      const [usd, eur, jpy, gbp] = await Promise.all(
        ['', '?currency=EUR', '?currency=JPY', '?currency=GBP'].map(async (q) =>
          (await get(`/products/${created.slug}${q}`)).json(),
        ),
      );
      expect(usd.variants[0]).toMatchObject({
        price: { amount: 2499, currency: 'USD' },
        taxClass: 'reduced',
        weightGrams: 450,
      });
      expect(eur.variants[0].price).toEqual({ amount: 2299, currency: 'EUR' });
      expect(jpy.variants[0].price).toEqual({ amount: 350000, currency: 'JPY' });
      expect(gbp.variants[0].price).toBeNull();
      expect(gbp.variants[0].prices).toHaveLength(3);
      const shipping = (await get(`/products/${created.slug}?currency=EUR&country=DE`)).json();
      expect(shipping.variants[0].price).toEqual({ amount: 2299, currency: 'EUR' });
      // A price change shows in every currency's cached detail at once.
      await product.app.inject({
        method: 'PATCH',
        url: `/admin/products/${created.id}`,
        headers: asAdmin(),
        payload: {
          version: 1,
          variants: [{ ...created.variants[0], prices: [{ amount: 1999, currency: 'EUR' }] }].map(
            ({ sku, title, prices }) => ({ sku, title, prices }),
          ),
        },
      });
      expect((await get(`/products/${created.slug}?currency=EUR`)).json().variants[0].price.amount).toBe(
        1999,
      );
      expect((await get(`/products/${created.slug}`)).json().variants[0].price).toBeNull();
    });

    it('lists, filters and sorts in the currency asked for', async () => {
      const brand = uniqueName('Cur');
      const both = await create({
        brand,
        ...priced([
          { amount: 3000, currency: 'USD' },
          { amount: 2800, currency: 'GBP' },
        ]),
      });
      const usdOnly = await create({ brand, ...priced([{ amount: 1000, currency: 'USD' }]) });
      const q = `q=${encodeURIComponent(brand.toLowerCase())}`;
      const gbp = (await get(`/products?${q}&currency=GBP&sort=price_asc`)).json();
      expect(gbp.items.map((i: { id: string; price: unknown }) => [i.id, i.price])).toEqual([
        [both.id, { amount: 2800, currency: 'GBP' }],
        [usdOnly.id, null],
      ]);
      expect(gbp.facets.price).toEqual({ min: 2800, max: 2800 });
      const filtered = (await get(`/products?${q}&currency=GBP&minPrice=0`)).json();
      expect(filtered.items.map((i: { id: string }) => i.id)).toEqual([both.id]);
      const usd = (await get(`/products?${q}&sort=price_asc`)).json();
      expect(usd.items.map((i: { price: { amount: number } }) => i.price.amount)).toEqual([1000, 3000]);
      const unknown = await get(`/products?${q}&currency=XYZ`);
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().errors.map((e: { field: string }) => e.field)).toEqual(['querystring.currency']);
    });

    it.each([
      ['an unknown currency', [{ amount: 100, currency: 'XYZ' }], 'body.variants.0.prices.0.currency'],
      [
        'a currency twice',
        [
          { amount: 100, currency: 'EUR' },
          { amount: 200, currency: 'EUR' },
        ],
        'body.variants.0.prices.1.currency',
      ],
      ['a negative price', [{ amount: -1, currency: 'EUR' }], 'body.variants.0.prices.0.amount'],
      ['no price at all', [], 'body.variants.0.prices'],
    ])('refuses %s with 400 naming the field, creating nothing', async (_, prices, field) => {
      const fields = productFields(priced(prices));
      const res = await product.app.inject({
        method: 'POST',
        url: '/admin/products',
        headers: asAdmin(),
        payload: fields,
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await get(`/products/${fields.slug}`)).statusCode).toBe(404);
    });

    it('refuses a PATCH with a field it does not take (the old single price) or a bad tax class', async () => {
      const created = await create();
      const { sku: existing, title } = created.variants[0];
      for (const [variant, field] of [
        [{ sku: existing, title, price: { amount: 1, currency: 'USD' } }, 'body.variants.0'],
        [
          { sku: existing, title, prices: created.variants[0].prices, taxClass: 'luxury' },
          'body.variants.0.taxClass',
        ],
        [
          { sku: existing, title, prices: created.variants[0].prices, weightGrams: -5 },
          'body.variants.0.weightGrams',
        ],
      ] as const) {
        const res = await product.app.inject({
          method: 'PATCH',
          url: `/admin/products/${created.id}`,
          headers: asAdmin(),
          payload: { version: 1, variants: [variant] },
        });
        expect(res.statusCode).toBe(400);
        expect(
          res
            .json()
            .errors.map((e: { field: string }) => e.field)
            .join(' '),
        ).toContain(field);
      }
      expect((await get(`/products/${created.slug}`)).json().version).toBe(1);
    });
  });
});
