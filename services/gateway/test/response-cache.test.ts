import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResponseCache, sharedTtlMs } from '../src/cache/response-cache.js';
import type { StubRoutes } from './support/stub-upstreams.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

describe('which answers a shared cache may keep', () => {
  const json = { 'content-type': 'application/json', 'content-length': '2' };
  it.each([
    ['public, s-maxage=5', 5000],
    ['public, max-age=3', 3000],
    ['public, max-age=0, s-maxage=4', 4000],
    ['public, max-age=0', 0],
    ['max-age=60', 0],
    ['public, private, max-age=60', 0],
    ['public, no-store, max-age=60', 0],
    ['public, no-cache, max-age=60', 0],
  ])('Cache-Control "%s" allows %i ms', (cacheControl, ttl) => {
    expect(sharedTtlMs(200, { ...json, 'cache-control': cacheControl })).toBe(ttl);
  });

  it('never keeps errors, cookies or answers varying on headers it does not key on', () => {
    const cacheable = { ...json, 'cache-control': 'public, max-age=5' };
    expect(sharedTtlMs(404, cacheable)).toBe(0);
    expect(sharedTtlMs(200, { ...cacheable, 'set-cookie': ['a=b'] })).toBe(0);
    expect(sharedTtlMs(200, { ...cacheable, vary: 'authorization' })).toBe(0);
    expect(sharedTtlMs(200, { ...cacheable, vary: 'Accept-Encoding' })).toBe(5000);
  });

  it('caps entries at the configured life and drops the least recently used first', () => {
    const cache = createResponseCache({ maxTtlMs: 1000, maxEntries: 2, maxBodyBytes: 10 });
    const headers = { ...json, 'cache-control': 'public, max-age=60' };
    cache.set('a', 60_000, headers, Buffer.from('{}'), 0);
    cache.set('b', 60_000, headers, Buffer.from('{}'), 0);
    expect(cache.get('a', 10)).toBeDefined(); // a is now the most recent
    cache.set('c', 60_000, headers, Buffer.from('{}'), 10);
    expect(cache.get('b', 20)).toBeUndefined();
    expect(cache.get('a', 999)).toBeDefined();
    expect(cache.get('a', 1000)).toBeUndefined();
    cache.set('big', 60_000, headers, Buffer.from('x'.repeat(11)), 0);
    expect(cache.get('big', 1)).toBeUndefined();
  });
});

describe('the gateway edge cache', () => {
  let gateway: TestGateway;
  let reads = 0;
  const productRoutes: StubRoutes = (app) => {
    app.get('/products/:slug', async (request, reply) => {
      reads += 1;
      const { slug } = request.params as { slug: string };
      if (slug === 'missing') return reply.code(404).send({ title: 'Not found' });
      reply.header(
        'cache-control',
        slug === 'private' ? 'private, max-age=60' : 'public, max-age=0, s-maxage=5',
      );
      // What a service must never show a client, hit or miss.
      reply.header('x-powered-by', 'stub').header('x-internal-shard', '7');
      return { slug, read: reads };
    });
  };

  beforeAll(async () => {
    gateway = await startTestGateway({ routes: { product: productRoutes } });
  });
  afterAll(() => gateway.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    gateway.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });

  it('answers a repeated public read at the edge, for guests and signed-in shoppers alike', async () => {
    const before = reads;
    const first = await get('/products/lamp');
    const second = await get('/products/lamp', await gateway.customer());
    expect(first.headers['x-cache']).toBe('MISS');
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.json()).toEqual(first.json());
    expect(second.headers.age).toBe('0');
    // Per-exchange headers are the gateway's own on a hit too.
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    expect(second.headers['x-content-type-options']).toBe('nosniff');
    expect(reads - before).toBe(1);
  });

  it("replays none of the service's internal headers on a hit", async () => {
    const miss = await get('/products/stool');
    const hit = await get('/products/stool');
    expect(hit.headers['x-cache']).toBe('HIT');
    for (const answer of [miss, hit]) {
      expect(answer.headers['x-powered-by']).toBeUndefined();
      expect(answer.headers['x-internal-shard']).toBeUndefined();
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('goes to the service when the client asks for a fresh answer', async () => {
    await get('/products/desk');
    const before = reads;
    const res = await get('/products/desk', { 'cache-control': 'no-cache' });
    expect(res.headers['x-cache']).toBe('MISS');
    expect(reads - before).toBe(1);
  });

  it('keeps neither private answers nor errors', async () => {
    const before = reads;
    for (let i = 0; i < 2; i++) {
      expect((await get('/products/private')).headers['x-cache']).toBeUndefined();
      expect((await get('/products/missing')).statusCode).toBe(404);
    }
    expect(reads - before).toBe(4);
  });

  it("forgets a service's answers after a write through the gateway to that service", async () => {
    await get('/products/chair');
    expect((await get('/products/chair')).headers['x-cache']).toBe('HIT');
    const write = await gateway.app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/products/p-chair',
      headers: await gateway.admin(),
      payload: { title: 'Chair' },
    });
    expect(write.statusCode).toBe(200);
    const after = await get('/products/chair');
    expect(after.headers['x-cache']).toBe('MISS');
  });
});
