// The product documents reused for cart pricing and checkout: a product write on any replica
// (its catalog generation bump in Redis) retires them at once; without one, the max age does.
import { type Cache, openCache } from '@emporium/platform';
import { createTestDatabase, testInfra, uniqueName } from '@emporium/platform/testing';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogCache, createCatalogCache } from '../src/cache/catalog-cache.js';
import type { CatalogStore, ProductRecord, ProductStore } from '../src/repositories/catalog-store.js';
import { withRecentProductReads } from '../src/repositories/recent-product-reads.js';
import { openSplitCatalogStore } from '../src/repositories/split-catalog-store.js';
import { productRecord, testCategories } from './builders.js';

const MAX_AGE_MS = 60_000;
const failOnCacheError = (error: unknown) => {
  throw error;
};

describe('recent product reads (MongoDB products on FerretDB, PostgreSQL stock, generation in Redis)', () => {
  let store: CatalogStore;
  let redis: Cache;
  let dispose: () => Promise<void>;
  /** This replica's and another replica's view of the same catalog cache. */
  let here: CatalogCache;
  let there: CatalogCache;
  let clock = 0;
  let recent: ProductStore;

  beforeAll(async () => {
    const catalogUrl = `${testInfra.mongodbUrl}/${uniqueName('catalog')}`;
    const stockDb = await createTestDatabase('product_stock');
    store = await openSplitCatalogStore(catalogUrl, stockDb.url);
    for (const category of testCategories) await store.products.upsertCategory(category);
    redis = openCache(testInfra.redisUrl, `${uniqueName('recent')}:`);
    here = createCatalogCache(redis, failOnCacheError);
    there = createCatalogCache(redis, failOnCacheError);
    recent = withRecentProductReads(store.products, {
      maxAgeMs: MAX_AGE_MS,
      generation: () => here.generation(),
      now: () => clock,
    });
    dispose = async () => {
      await store.close();
      await redis.close();
      const client = await MongoClient.connect(catalogUrl);
      await client.db().dropDatabase();
      await client.close();
      await stockDb.drop();
    };
  });
  afterAll(() => dispose());

  /** Another replica's price change: straight to the store, then its generation bump. */
  async function repriceElsewhere(product: ProductRecord, amount: number, bump = true) {
    const repriced = {
      ...product,
      version: product.version + 1,
      variants: product.variants.map((v) => ({ ...v, prices: [{ amount, currency: 'USD' }] })),
    };
    expect(await store.products.replace(repriced, product.version, {}, [])).toBe(true);
    if (bump) await there.changed([product.slug], true);
    return repriced;
  }
  const priceOf = async (reads: ProductStore, id: string) =>
    (await reads.findByIds([id]))[0]?.variants[0]?.prices[0]?.amount;
  async function stocked() {
    const product = productRecord();
    await store.products.insert(product, { [product.variants[0]!.sku]: 5 }, []);
    return product;
  }

  it("serves another replica's price change as soon as its write bumps the generation", async () => {
    const product = await stocked();
    expect(await priceOf(recent, product.id)).toBe(4999);
    await repriceElsewhere(product, 3999);
    expect(await priceOf(recent, product.id)).toBe(3999);
  });

  it('keeps a document while the generation stands, until the max age', async () => {
    const product = await stocked();
    expect(await priceOf(recent, product.id)).toBe(4999);
    // A write whose bump never reached the cache (it was down): only the max age retires it.
    await repriceElsewhere(product, 2999, false);
    clock += MAX_AGE_MS - 1;
    expect(await priceOf(recent, product.id)).toBe(4999);
    clock += 1;
    expect(await priceOf(recent, product.id)).toBe(2999);
  });

  it('keeps nothing while the generation cannot be read', async () => {
    const blind = withRecentProductReads(store.products, {
      maxAgeMs: MAX_AGE_MS,
      generation: async () => undefined,
    });
    const product = await stocked();
    expect(await priceOf(blind, product.id)).toBe(4999);
    await repriceElsewhere(product, 1999, false);
    expect(await priceOf(blind, product.id)).toBe(1999);
  });

  it('reads through when the max age is 0', () => {
    const generation = async () => 0;
    expect(withRecentProductReads(store.products, { maxAgeMs: 0, generation })).toBe(store.products);
  });
});
