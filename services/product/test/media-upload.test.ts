// Image upload and serving over the embedded store (PGlite), a real Redis cache and a media
// directory: type judged by the bytes, size and pixel limits, EXIF dropped, one stored object per
// key however many uploads race, immutable URLs, and a catalog that carries URLs, never bytes.
import { RENDITION_NAMES, renditionOf } from '@emporium/contracts/product-media';
import { createRedisCache, createRedisClient } from '@emporium/platform';
import { createTestTokens, testInfra, uniqueName } from '@emporium/platform/testing';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ProductApp } from '../src/app.js';
import type { CatalogStore } from '../src/repositories/catalog-store.js';
import { openSqlCatalogStore } from '../src/repositories/sql/sql-catalog-store.js';
import { productFields, testCategories } from './builders.js';
import { temporaryMediaStore } from './temporary-media-store.js';

const MAX_BYTES = 400_000;
const MAX_PIXELS = 4_000_000;

function solidImage(width: number, height: number, colour: string): Sharp {
  return sharp({ create: { width, height, channels: 3, background: colour } });
}

/** A multipart body as a browser's FormData sends it. */
async function multipart(fields: Record<string, string | { bytes: Buffer; name: string; type: string }>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([new Uint8Array(value.bytes)], { type: value.type }), value.name);
  }
  const request = new Request('http://upload.test/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type')!,
  };
}

describe('product media', () => {
  let store: CatalogStore;
  let product: ProductApp;
  let media: Awaited<ReturnType<typeof temporaryMediaStore>>;
  let adminToken: string;

  beforeAll(async () => {
    store = await openSqlCatalogStore('pglite:memory');
    for (const category of testCategories) await store.products.upsertCategory(category);
    const tokens = await createTestTokens();
    adminToken = await tokens.sign({ roles: ['admin'] });
    media = await temporaryMediaStore();
    product = await buildApp({
      store,
      media: media.store,
      mediaLimits: { maxBytes: MAX_BYTES, maxPixels: MAX_PIXELS },
      mediaBaseUrl: '/api/v1/media',
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
  async function createProduct() {
    const fields = productFields();
    const res = await product.app.inject({
      method: 'POST',
      url: '/admin/products',
      headers: asAdmin(),
      payload: {
        ...fields,
        variants: [
          ...fields.variants,
          { ...fields.variants[0]!, sku: `${fields.variants[0]!.sku}-B`, title: 'Blue' },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  }
  async function upload(productId: string, fields: Parameters<typeof multipart>[0], headers = asAdmin()) {
    const body = await multipart(fields);
    return product.app.inject({
      method: 'POST',
      url: `/admin/products/${productId}/media`,
      headers: { ...headers, 'content-type': body.contentType },
      payload: body.payload,
    });
  }
  const adminRead = async (id: string) =>
    (await product.app.inject({ method: 'GET', url: `/admin/products/${id}`, headers: asAdmin() })).json();
  const fetchUrl = (url: string, headers: Record<string, string> = {}) =>
    product.app.inject({ method: 'GET', url: url.replace('/api/v1', ''), headers });

  it('judges the type by the bytes: a PNG named .gif and sent as text/plain is stored and rendered', async () => {
    const created = await createProduct();
    const png = await solidImage(1200, 800, '#3366aa').png().toBuffer();
    const res = await upload(created.id, {
      file: { bytes: png, name: 'holiday.gif', type: 'text/plain' },
      alt: 'A blue linen shirt, folded',
    });
    expect(res.statusCode).toBe(201);
    const [image] = res.json().media;
    expect(image).toMatchObject({ alt: 'A blue linen shirt, folded', width: 1200, height: 800 });
    expect(image.id).toMatch(/^[a-f0-9]{32}$/);
    // Never enlarged past the upload; each rendition keeps the aspect ratio.
    expect(image.renditions.thumbnail).toMatchObject({ width: 160, height: 107 });
    expect(image.renditions.card).toMatchObject({ width: 480, height: 320 });
    expect(image.renditions.detail).toMatchObject({ width: 960, height: 640 });
    expect(image.renditions.zoom).toMatchObject({ width: 1200, height: 800 });
    expect(image.renditions.card.avif).toBe(`/api/v1/media/${image.id}/card.avif`);
    expect(image.renditions.card.fallback).toBe(`/api/v1/media/${image.id}/card.jpg`);
    for (const [name, format, type] of [
      ['zoom', 'avif', 'image/avif'],
      ['card', 'webp', 'image/webp'],
      ['thumbnail', 'fallback', 'image/jpeg'],
    ] as const) {
      const served = await fetchUrl(image.renditions[name][format]);
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe(type);
      const metadata = await sharp(served.rawPayload).metadata();
      expect(metadata.width).toBe(image.renditions[name].width);
    }
  });

  it('keeps PNG as the fallback only for an image with see-through pixels', async () => {
    const created = await createProduct();
    const clear = await sharp({
      create: { width: 300, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } },
    })
      .png()
      .toBuffer();
    const opaque = await sharp({
      create: { width: 300, height: 300, channels: 4, background: { r: 9, g: 9, b: 9, alpha: 1 } },
    })
      .png()
      .toBuffer();
    const [transparent] = (
      await upload(created.id, { file: { bytes: clear, name: 'a.png', type: 'image/png' } })
    ).json().media;
    expect(transparent.renditions.card.fallback).toMatch(/card\.png$/);
    const withOpaque = (
      await upload(created.id, { file: { bytes: opaque, name: 'b.png', type: 'image/png' } })
    ).json();
    expect(withOpaque.media[1].renditions.card.fallback).toMatch(/card\.jpg$/);
    // Every format keeps the see-through pixels' alpha, and drops an alpha channel that hides nothing.
    const channelsOf = async (url: string) => {
      const served = await fetchUrl(url);
      return (await sharp(served.rawPayload).metadata()).hasAlpha;
    };
    for (const format of ['avif', 'webp'] as const) {
      expect(await channelsOf(transparent.renditions.card[format])).toBe(true);
      expect(await channelsOf(withOpaque.media[1].renditions.card[format])).toBe(false);
    }
  });

  it('refuses bytes that are not an image with a 400 naming the file, and changes nothing', async () => {
    const created = await createProduct();
    for (const bytes of [
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
      Buffer.from('just text'),
    ]) {
      const res = await upload(created.id, { file: { bytes, name: 'photo.jpg', type: 'image/jpeg' } });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors).toEqual([{ field: 'file', message: expect.any(String) }]);
    }
    // A JPEG signature over damaged contents is no image either.
    const damaged = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]);
    const res = await upload(created.id, { file: { bytes: damaged, name: 'photo.jpg', type: 'image/jpeg' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('file');
    const after = await adminRead(created.id);
    expect(after.version).toBe(created.version);
    expect(after.media).toEqual([]);
  });

  it('refuses a file over the size limit with a 413 problem', async () => {
    const created = await createProduct();
    // Noise does not compress: this PNG is well over the limit.
    const noise = await sharp(
      Buffer.from(Array.from({ length: 600 * 600 * 3 }, () => Math.floor(Math.random() * 256))),
      {
        raw: { width: 600, height: 600, channels: 3 },
      },
    )
      .png()
      .toBuffer();
    expect(noise.length).toBeGreaterThan(MAX_BYTES);
    const res = await upload(created.id, { file: { bytes: noise, name: 'big.png', type: 'image/png' } });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().type).toMatch(/image-too-large$/);
    expect((await adminRead(created.id)).version).toBe(created.version);
  });

  it('refuses an image with more pixels than allowed with a 413 problem, before rendering it', async () => {
    const created = await createProduct();
    const huge = await solidImage(3000, 2000, '#ffffff').png({ compressionLevel: 9 }).toBuffer();
    expect(huge.length).toBeLessThan(MAX_BYTES);
    const res = await upload(created.id, { file: { bytes: huge, name: 'huge.png', type: 'image/png' } });
    expect(res.statusCode).toBe(413);
    expect(res.json().detail).toContain('3000×2000');
  });

  it('stores two parallel uploads of the same image once, and the product carries it once', async () => {
    const created = await createProduct();
    const jpeg = await solidImage(700, 700, '#aa3322').jpeg().toBuffer();
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        upload(created.id, { file: { bytes: jpeg, name: 'same.jpg', type: 'image/jpeg' } }),
      ),
    );
    expect(answers.map((res) => res.statusCode).sort()).toEqual([200, 200, 201]);
    const after = await adminRead(created.id);
    expect(after.media).toHaveLength(1);
    expect(after.version).toBe(created.version + 1);
    // 4 renditions × (AVIF, WebP, JPEG) and the manifest: each key written once.
    const keys = await media.store.keysIn(after.media[0].id);
    expect(keys).toHaveLength(13);
  });

  it('keeps every one of several different images uploaded to one product at once', async () => {
    const created = await createProduct();
    const images = await Promise.all(
      ['#112233', '#445566', '#778899', '#aabbcc'].map((colour) =>
        solidImage(300, 200, colour).png().toBuffer(),
      ),
    );
    const answers = await Promise.all(
      images.map((bytes, i) => upload(created.id, { file: { bytes, name: `${i}.png`, type: 'image/png' } })),
    );
    expect(answers.map((res) => res.statusCode)).toEqual([201, 201, 201, 201]);
    const after = await adminRead(created.id);
    expect(after.media).toHaveLength(4);
    expect(after.version).toBe(created.version + 4);
  });

  it('strips EXIF from every rendition and applies its orientation to the pixels', async () => {
    const created = await createProduct();
    // Stored 400×200, tagged "rotate 90°": shown 200×400.
    const jpeg = await solidImage(400, 200, '#336633')
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({ IFD0: { Copyright: 'secret camera owner' } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    expect(jpeg.includes(Buffer.from('secret camera owner'))).toBe(true);
    const res = await upload(created.id, { file: { bytes: jpeg, name: 'phone.jpg', type: 'image/jpeg' } });
    expect(res.statusCode).toBe(201);
    const [image] = res.json().media;
    expect(image).toMatchObject({ width: 200, height: 400 });
    for (const format of ['avif', 'webp', 'fallback'] as const) {
      const served = await fetchUrl(image.renditions.zoom[format]);
      const metadata = await sharp(served.rawPayload).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(served.rawPayload.includes(Buffer.from('secret camera owner'))).toBe(false);
    }
  });

  it('serves renditions immutable with an ETag, 304 when the client has them, 404 for unknown ones', async () => {
    const created = await createProduct();
    const png = await solidImage(500, 500, '#123456').png().toBuffer();
    const [image] = (
      await upload(created.id, { file: { bytes: png, name: 'a.png', type: 'image/png' } })
    ).json().media;
    const url = image.renditions.detail.webp;
    const first = await fetchUrl(url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(first.headers.etag).toBe(`"${image.id}-detail.webp"`);
    expect(Number(first.headers['content-length'])).toBe(first.rawPayload.length);
    const again = await fetchUrl(url, { 'if-none-match': first.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    const unknown = await fetchUrl(`/media/${'0'.repeat(32)}/card.avif`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['cache-control']).toBe('no-store');
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    for (const bad of [
      `/media/${image.id}/card.svg`,
      `/media/${image.id}/original.jpg`,
      '/media/..%2F..%2Fetc/card.jpg',
    ]) {
      const res = await fetchUrl(bad);
      expect(res.statusCode, bad).toBe(400);
    }
  });

  it('gives a variant its own image, and refuses a SKU the product does not have', async () => {
    const created = await createProduct();
    const blue = created.variants[1];
    const png = await solidImage(400, 400, '#0000ff').png().toBuffer();
    const res = await upload(created.id, {
      file: { bytes: png, name: 'blue.png', type: 'image/png' },
      sku: blue.sku,
    });
    expect(res.statusCode).toBe(201);
    const updated = res.json();
    expect(updated.media).toEqual([]);
    expect(updated.variants[1].media).toHaveLength(1);
    expect(updated.variants[1].media[0].alt).toBe(`${created.title}, ${blue.title}`);
    expect(updated.variants[0].media).toEqual([]);
    const wrong = await upload(created.id, {
      file: { bytes: png, name: 'blue.png', type: 'image/png' },
      sku: 'NOT-A-SKU',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([
      { field: 'sku', message: expect.stringContaining('not a variant') },
    ]);
  });

  it('refuses uploads without a file, with unknown fields, from non-admins and for unknown products', async () => {
    const created = await createProduct();
    const png = await solidImage(100, 100, '#00ff00').png().toBuffer();
    const noFile = await upload(created.id, { alt: 'nothing' });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().errors[0].field).toBe('file');
    const extra = await upload(created.id, {
      file: { bytes: png, name: 'a.png', type: 'image/png' },
      caption: 'x',
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors[0].field).toBe('caption');
    const anonymous = await upload(
      created.id,
      { file: { bytes: png, name: 'a.png', type: 'image/png' } },
      {} as never,
    );
    expect(anonymous.statusCode).toBe(401);
    const unknown = await upload('no-such-product', {
      file: { bytes: png, name: 'a.png', type: 'image/png' },
    });
    expect(unknown.statusCode).toBe(404);
    const json = await product.app.inject({
      method: 'POST',
      url: `/admin/products/${created.id}/media`,
      headers: asAdmin(),
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(400);
    expect(json.headers['content-type']).toContain('application/problem+json');
  });

  it('keeps uploaded images when an admin edits the product', async () => {
    const created = await createProduct();
    const png = await solidImage(200, 200, '#224466').png().toBuffer();
    const withImage = (
      await upload(created.id, { file: { bytes: png, name: 'a.png', type: 'image/png' } })
    ).json();
    const edited = await product.app.inject({
      method: 'PATCH',
      url: `/admin/products/${created.id}`,
      headers: asAdmin(),
      payload: { version: withImage.version, title: 'Renamed Shirt' },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().media).toEqual(withImage.media);
  });

  it('lists and shows products with image URLs, sizes and alt text, never bytes', async () => {
    const created = await createProduct();
    const png = await solidImage(640, 480, '#884400').png().toBuffer();
    await upload(created.id, { file: { bytes: png, name: 'a.png', type: 'image/png' }, alt: 'Rust shirt' });
    await product.index.sync();
    const detail = await product.app.inject({ method: 'GET', url: `/products/${created.slug}` });
    expect(detail.json().media[0]).toMatchObject({ alt: 'Rust shirt', width: 640, height: 480 });
    const listing = await product.app.inject({
      method: 'GET',
      url: `/products?q=${encodeURIComponent('linen')}&limit=100`,
    });
    const page = listing.json();
    const item = page.items.find((summary: { id: string }) => summary.id === created.id);
    // A listing names the image by reference; the shared helper rebuilds the detail's URLs and sizes.
    const [image] = detail.json().media;
    expect(item.media).toEqual({ id: image.id, width: 640, height: 480, fallback: 'jpg' });
    expect(item.image).toBeUndefined();
    expect(page.mediaBase).toBe('/api/v1/media');
    for (const name of RENDITION_NAMES) {
      expect(renditionOf(page.mediaBase, item.media, name)).toEqual(image.renditions[name]);
    }
    expect(listing.body).not.toContain('data:');
  });
});
