// Content pages on real PostgreSQL and Redis: the seeded demo pages, public reads with HTML
// that cannot run script, and admin writes that never overwrite each other.
import { createRedisCache, createRedisClient } from '@emporium/platform';
import {
  createTestDatabase,
  createTestTokens,
  type TestDatabase,
  testInfra,
  uniqueName,
} from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ProductApp } from '../src/app.js';
import type { CatalogStore } from '../src/repositories/catalog-store.js';
import { openSqlCatalogStore } from '../src/repositories/sql/sql-catalog-store.js';
import { DEMO_PAGES, seedContentPages } from '../src/seed/content-pages.js';
import { temporaryMediaStore } from './temporary-media-store.js';

describe('content pages API (PostgreSQL, Redis)', () => {
  let db: TestDatabase;
  let store: CatalogStore;
  let product: ProductApp;
  let media: Awaited<ReturnType<typeof temporaryMediaStore>>;
  let adminToken: string;
  let shopperToken: string;

  beforeAll(async () => {
    db = await createTestDatabase('product_pages');
    store = await openSqlCatalogStore(db.url);
    const tokens = await createTestTokens();
    adminToken = await tokens.sign({ roles: ['admin'] });
    shopperToken = await tokens.sign({ roles: ['customer'] });
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
    await db.drop();
  });

  const put = (slug: string, payload: object, token = adminToken) =>
    product.app.inject({
      method: 'PUT',
      url: `/admin/pages/${slug}`,
      headers: { authorization: `Bearer ${token}` },
      payload,
    });

  it('seeds the demo pages once, leaving pages an admin changed as they are', async () => {
    expect(await seedContentPages(store.pages)).toBe(DEMO_PAGES.length);
    const about = (await product.app.inject({ method: 'GET', url: '/pages/about' })).json();
    expect(
      await put('about', { title: 'About us', body: 'Our own words.', version: about.version }),
    ).toMatchObject({
      statusCode: 200,
    });
    expect(await seedContentPages(store.pages)).toBe(0);
    const listed = (await product.app.inject({ method: 'GET', url: '/pages' })).json();
    expect(listed.items.map((page: { slug: string }) => page.slug)).toEqual([
      'about',
      'contact',
      'privacy',
      'returns',
      'shipping',
      'terms',
    ]);
    const shipping = (await product.app.inject({ method: 'GET', url: '/pages/shipping' })).json();
    expect(shipping.html).toContain('<table>');
    expect((await product.app.inject({ method: 'GET', url: '/pages/about' })).json().title).toBe('About us');
  });

  it('renders Markdown to HTML that carries no script, handlers or script links', async () => {
    const body = [
      '# Hello',
      '<script>alert(1)</script>',
      '<img src=x onerror="alert(2)">',
      '[click](javascript:alert(3)) and [mail](mailto:a@b.example) and [site](https://example.com)',
      '![pixel](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)',
    ].join('\n\n');
    const created = await put('xss-check', { title: 'Check', body });
    expect(created.statusCode).toBe(201);
    const { html } = created.json();
    expect(html).toContain('<h1>Hello</h1>');
    // Raw HTML stays text; no tag carries a handler or a script or data URL.
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).not.toMatch(/<[^>]*(href|src)="(javascript|data):/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<a href="mailto:a@b.example">mail</a>');
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer nofollow">site</a>');
  });

  it('creates a page once when two admins create it at the same moment, and refuses stale edits', async () => {
    const [a, b] = await Promise.all([
      put('gift-cards', { title: 'Gift cards', body: 'First.' }),
      put('gift-cards', { title: 'Gift cards', body: 'Second.' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect((a.statusCode === 409 ? a : b).json()).toMatchObject({
      type: expect.stringContaining('page-exists'),
      currentVersion: 1,
    });

    const edits = await Promise.all(
      ['One edit.', 'Another edit.'].map((text) =>
        put('gift-cards', { title: 'Gift cards', body: text, version: 1 }),
      ),
    );
    expect(edits.map((res) => res.statusCode).sort()).toEqual([200, 409]);
    const stale = edits.find((res) => res.statusCode === 409)!;
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json()).toMatchObject({ type: expect.stringContaining('stale-version'), currentVersion: 2 });
    const page = (await product.app.inject({ method: 'GET', url: '/pages/gift-cards' })).json();
    expect(page.version).toBe(2);
    expect(page.body).toBe(edits.find((res) => res.statusCode === 200)!.json().body);
  });

  it('refuses bad input naming the field, unknown pages and shoppers', async () => {
    const cases: [string, object, string][] = [
      ['ok-slug', { title: '', body: 'x' }, 'body.title'],
      ['ok-slug', { title: 'T', body: '' }, 'body.body'],
      ['ok-slug', { title: 'T', body: 'x'.repeat(50_001) }, 'body.body'],
      ['ok-slug', { title: 'T', body: 'x', version: 0 }, 'body.version'],
      ['Bad_Slug', { title: 'T', body: 'x' }, 'params.slug'],
    ];
    for (const [slug, payload, field] of cases) {
      const res = await put(slug, payload);
      expect(res.statusCode, field).toBe(400);
      expect(res.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    expect((await put('ok-slug', { title: 'T', body: 'x' }, shopperToken)).statusCode).toBe(403);
    expect((await put('never-made', { title: 'T', body: 'x', version: 3 })).statusCode).toBe(404);
    expect((await product.app.inject({ method: 'GET', url: '/pages/never-made' })).statusCode).toBe(404);
  });
});
