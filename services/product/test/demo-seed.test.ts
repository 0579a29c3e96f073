// The demo catalog's illustrations: rendered through the media library into real files, a few
// dozen distinct pictures shared by every product, and a variant's own picture in its colour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEDIA_LIMITS } from '../src/app.js';
import { createMediaLibrary } from '../src/media/media-library.js';
import type { CatalogStore, ProductRecord } from '../src/repositories/catalog-store.js';
import { openSqlCatalogStore } from '../src/repositories/sql/sql-catalog-store.js';
import { demoProducts, seedDemoCatalog, storeDemoPictures } from '../src/seed/demo-catalog.js';
import { temporaryMediaStore } from './temporary-media-store.js';

describe('demo catalog illustrations', () => {
  let store: CatalogStore;
  let media: Awaited<ReturnType<typeof temporaryMediaStore>>;
  let products: ProductRecord[];

  beforeAll(async () => {
    store = await openSqlCatalogStore('pglite:memory');
    media = await temporaryMediaStore();
    // Five per line: every product noun, so every distinct picture, appears; and the gift card.
    const library = createMediaLibrary(media.store, DEFAULT_MEDIA_LIMITS);
    expect(await seedDemoCatalog(store, () => storeDemoPictures(library, 5), 5)).toBe(66);
    products = await store.products.changedSince();
    // Renders a few dozen pictures on an in-process database: minutes on a busy shared machine.
  }, 300_000);
  afterAll(async () => {
    await store.close();
    await media.dispose();
  });

  it('gives every product a stored picture with alt text', async () => {
    for (const product of products) {
      const [first] = product.media!;
      expect(first?.sku, product.slug).toBeUndefined();
      expect(first!.alt).toBe(`Illustration of the ${product.title}`);
    }
    const ids = new Set(products.flatMap((product) => product.media!.map((image) => image.id)));
    for (const id of ids) {
      // 4 renditions × 3 formats, and the manifest that marks the image complete.
      expect(await media.store.keysIn(id)).toHaveLength(13);
    }
  });

  it('renders a few dozen distinct pictures, not one per product', () => {
    // The full catalog's pictures, by what they show: 391 products share them.
    const full = demoProducts(30).flatMap((product) => [
      product.illustrations.product.key,
      ...Object.values(product.illustrations.variants).map((illustration) => illustration.key),
    ]);
    expect(new Set(full).size).toBeGreaterThanOrEqual(30);
    expect(new Set(full).size).toBeLessThanOrEqual(80);
    // Each distinct picture was stored once: as many images as pictures this sample shows.
    const sample = demoProducts(5).flatMap((product) => [
      product.illustrations.product.key,
      ...Object.values(product.illustrations.variants).map((illustration) => illustration.key),
    ]);
    const stored = new Set(products.flatMap((product) => product.media!.map((image) => image.id)));
    expect(stored.size).toBe(new Set(sample).size);
  });

  it('shows variants that differ by colour in their own colour', () => {
    const headphones = products.find((product) => product.title.endsWith('Headphones'))!;
    const variantImages = headphones.variants.map(
      (variant) => headphones.media!.find((image) => image.sku === variant.sku)!,
    );
    expect(variantImages.map((image) => image.alt)).toEqual(
      headphones.variants.map((variant) => `Illustration of the ${headphones.title} in ${variant.title}`),
    );
    expect(new Set(variantImages.map((image) => image.id)).size).toBe(headphones.variants.length);
    // Sized variants share the product's picture.
    const shirt = products.find((product) => product.category === 'tops')!;
    expect(shirt.media).toHaveLength(1);
  });

  it('sells books at the reduced tax class and the gift card zero-rated, everything else standard', () => {
    const classOf = (product: ProductRecord) => new Set(product.variants.map((variant) => variant.taxClass));
    const books = products.filter((product) => product.category === 'books');
    expect(books).toHaveLength(5);
    for (const book of books) expect(classOf(book)).toEqual(new Set(['reduced']));
    const giftCard = products.find((product) => product.category === 'gift-cards')!;
    expect(classOf(giftCard)).toEqual(new Set(['zero']));
    expect(
      giftCard.variants.map((variant) => variant.prices.find((p) => p.currency === 'EUR')?.amount),
    ).toEqual([2500, 5000, 10000]);
    const others = products.filter((product) => !['books', 'gift-cards'].includes(product.category));
    for (const product of others) expect(classOf(product)).toEqual(new Set(['standard']));
  });

  it('renders no pictures for a store that already holds the catalog', async () => {
    let asked = 0;
    const pictures = async () => {
      asked += 1;
      return new Map();
    };
    expect(await seedDemoCatalog(store, pictures, 5)).toBe(0);
    expect(asked).toBe(0);
  });

  it('seeds without pictures when given none', async () => {
    const bare = await openSqlCatalogStore('pglite:memory');
    try {
      await seedDemoCatalog(bare, undefined, 1);
      const [product] = await bare.products.changedSince();
      expect(product!.media).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});
