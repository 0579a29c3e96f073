import { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StubRoutes } from './support/stub-upstreams.js';
import { startTestGateway, type TestGateway } from './support/test-gateway.js';

// Enough repeated-but-varied JSON to be well over the 1 KB threshold, as a product listing is.
const listing = {
  items: Array.from({ length: 40 }, (_, i) => ({
    slug: `lamp-${i}`,
    name: `Desk lamp ${i}`,
    price: 1999 + i,
  })),
};
const listingText = JSON.stringify(listing);
const picture = Buffer.alloc(4096, 7);

describe('JSON compression at the gateway', () => {
  let gateway: TestGateway;
  const productRoutes: StubRoutes = (app) => {
    app.get('/products', async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=0, s-maxage=5').header('etag', '"v1"');
      return listing;
    });
    app.get('/products/small', async () => ({ slug: 'small' }));
    app.get('/products/streamed', async (_request, reply) =>
      reply.type('application/json').send(Readable.from([listingText.slice(0, 500), listingText.slice(500)])),
    );
    app.get('/products/encoded', async (_request, reply) =>
      reply.type('application/json').header('content-encoding', 'gzip').send(gzipSync(listingText)),
    );
    app.get('/products/no-transform', async (_request, reply) => {
      reply.header('cache-control', 'no-transform');
      return listing;
    });
    app.get('/media/picture', async (_request, reply) => reply.type('image/png').send(picture));
  };
  const notificationRoutes: StubRoutes = (app) => {
    app.get('/notifications/stream', async (_request, reply) =>
      reply.type('text/event-stream').send(`data: ${listingText}\n\n`),
    );
  };

  beforeAll(async () => {
    gateway = await startTestGateway({
      routes: { product: productRoutes, notification: notificationRoutes },
    });
  });
  afterAll(() => gateway?.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    gateway.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });

  it('sends brotli or gzip as the client prefers, and says the answer varies with that', async () => {
    const [br, gzip, preferred] = await Promise.all([
      get('/products/streamed', { 'accept-encoding': 'gzip, deflate, br' }),
      get('/products/streamed', { 'accept-encoding': 'gzip' }),
      get('/products/streamed', { 'accept-encoding': 'br;q=0.5, gzip;q=0.9' }),
    ]);
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(listingText);
    expect(br.rawPayload.length).toBeLessThan(listingText.length / 3);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(listingText);
    expect(preferred.headers['content-encoding']).toBe('gzip');
    for (const answer of [br, gzip, preferred]) expect(answer.headers.vary).toMatch(/accept-encoding/i);
  });

  it('sends JSON plain to a client that does not ask or refuses every encoding', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'br;q=0, gzip;q=0' },
    ]) {
      const answer = await get('/products/streamed', headers);
      expect(answer.headers['content-encoding']).toBeUndefined();
      expect(answer.headers.vary).toMatch(/accept-encoding/i);
      expect(answer.body).toBe(listingText);
    }
  });

  it('leaves small JSON, pictures, event streams, encoded and no-transform bodies as they are', async () => {
    const asks = { 'accept-encoding': 'br, gzip' };
    const small = await get('/products/small', asks);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toEqual({ slug: 'small' });

    const image = await get('/media/picture', asks);
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.rawPayload.equals(picture)).toBe(true);

    const encoded = await get('/products/encoded', asks);
    expect(encoded.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(encoded.rawPayload).toString()).toBe(listingText);

    const untransformed = await get('/products/no-transform', asks);
    expect(untransformed.headers['content-encoding']).toBeUndefined();
    expect(untransformed.body).toBe(listingText);

    const events = await get('/notifications/stream', { ...asks, ...(await gateway.customer()) });
    expect(events.statusCode).toBe(200);
    expect(events.headers['content-encoding']).toBeUndefined();
    expect(events.body).toBe(`data: ${listingText}\n\n`);
  });

  it('compresses answers the gateway writes itself (a problem document)', async () => {
    const longPath = `/api/v1/nowhere/${'x'.repeat(1500)}`;
    const answer = await gateway.app.inject({
      method: 'GET',
      url: longPath,
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(answer.statusCode).toBe(404);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(answer.rawPayload).toString()).status).toBe(404);
  });

  it('answers a HEAD with no encoded body', async () => {
    const answer = await gateway.app.inject({
      method: 'HEAD',
      url: '/api/v1/products/streamed',
      headers: { 'accept-encoding': 'br' },
    });
    expect(answer.headers['content-encoding']).toBeUndefined();
  });

  it('serves simultaneous edge-cache hits intact, each in the encoding it asked for', async () => {
    const first = await get('/products', { 'accept-encoding': 'br' });
    expect(first.headers['x-cache']).toBe('MISS');
    const encodings = ['br', 'gzip', 'br', 'gzip', 'br', 'br', 'gzip', 'br', 'gzip', 'br'];
    const hits = await Promise.all(
      encodings.map((encoding) => get('/products', { 'accept-encoding': encoding })),
    );
    for (const [i, hit] of hits.entries()) {
      expect(hit.headers['content-encoding']).toBe(encodings[i]);
      expect(Number(hit.headers['content-length'])).toBe(hit.rawPayload.length);
      const plain = encodings[i] === 'br' ? brotliDecompressSync(hit.rawPayload) : gunzipSync(hit.rawPayload);
      expect(plain.toString()).toBe(listingText);
      // The plain body's strong validator does not describe the encoded bytes.
      expect(hit.headers.etag).toBe('W/"v1"');
    }
    // Brotli answers come from the entry the first read stored (gzip has a cache key of its own).
    const brHits = hits.filter((_, i) => encodings[i] === 'br');
    expect(brHits.map((hit) => hit.headers['x-cache'])).toEqual(brHits.map(() => 'HIT'));
  });
});
