import { openSqlDatabase, type SqlDatabase } from '@emporium/platform';
import { createTestDatabase, testInfra, uniqueName } from '@emporium/platform/testing';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogStore, DuplicateKeyError } from '../src/repositories/catalog-store.js';
import { openSplitCatalogStore } from '../src/repositories/split-catalog-store.js';
import { productRecord } from './builders.js';
import { describeCatalogContract } from './catalog-contract.js';

/** Product documents on FerretDB, stock on a fresh PostgreSQL database; both dropped after. */
async function openSplit() {
  const catalogUrl = `${testInfra.mongodbUrl}/${uniqueName('catalog')}`;
  const stockDb = await createTestDatabase('product_stock');
  const store = await openSplitCatalogStore(catalogUrl, stockDb.url);
  return {
    store,
    stockUrl: stockDb.url,
    async dispose() {
      await store.close();
      const client = await MongoClient.connect(catalogUrl);
      await client.db().dropDatabase();
      await client.close();
      await stockDb.drop();
    },
  };
}

describeCatalogContract('MongoDB products (FerretDB), PostgreSQL stock', openSplit);

// No transaction spans the two databases: stock rows are written before the document that names
// them, so a crash in between leaves an unowned row, never a product without stock.
describe('split catalog store: writes across the two databases', () => {
  let store: CatalogStore;
  let stock: SqlDatabase;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const opened = await openSplit();
    ({ store, dispose } = opened);
    stock = await openSqlDatabase(opened.stockUrl, 'test');
  });
  afterAll(async () => {
    await stock.close();
    await dispose();
  });

  /** What a create that crashed after its stock row and before its document leaves behind. */
  async function orphanRow(sku: string, ageMs: number) {
    const at = new Date(Date.now() - ageMs).toISOString();
    await stock.transaction(async (tx) => {
      await tx.query(
        `insert into stock (sku, product_id, slug, title, available, reserved, low_stock_threshold, updated_at)
         values ($1, 'crashed-product', 'crashed', 'Crashed', 0, 0, 1, $2)`,
        [sku, at],
      );
      await tx.query(
        `insert into location_stock (sku, location, available, reserved, updated_at)
         values ($1, 'default', 4, 0, $2)`,
        [sku, at],
      );
    });
  }

  it('leaves no stock row behind when the document is refused', async () => {
    const first = productRecord();
    await store.products.insert(first, { [first.variants[0]!.sku]: 1 }, []);
    const sameSlug = productRecord({ slug: first.slug });
    const sku = sameSlug.variants[0]!.sku;
    await expect(store.products.insert(sameSlug, { [sku]: 3 }, [])).rejects.toEqual(
      new DuplicateKeyError('slug'),
    );
    expect(await store.stock.levels([sku])).toEqual([]);
  });

  it('reclaims the SKU of a row no product owns, once a create in flight would have finished', async () => {
    const product = productRecord();
    const sku = product.variants[0]!.sku;
    await orphanRow(sku, 5 * 60_000);
    await store.products.insert(product, { [sku]: 9 }, []);
    expect(await store.stock.levels([sku])).toMatchObject([{ productId: product.id, available: 9 }]);
  });

  it('does not take the SKU of a row that may belong to a create still in flight', async () => {
    const product = productRecord();
    const sku = product.variants[0]!.sku;
    await orphanRow(sku, 0);
    await expect(store.products.insert(product, { [sku]: 9 }, [])).rejects.toEqual(
      new DuplicateKeyError('sku'),
    );
    expect(await store.products.findById(product.id)).toBeUndefined();
  });

  it('removes a variant row it added when the update turns out stale', async () => {
    const product = productRecord();
    await store.products.insert(product, { [product.variants[0]!.sku]: 1 }, []);
    const added = {
      sku: `${product.variants[0]!.sku}-XL`,
      title: 'XL',
      options: {},
      prices: product.variants[0]!.prices,
      taxClass: 'standard' as const,
      weightGrams: 0,
      lowStockThreshold: 1,
    };
    const stale = { ...product, variants: [...product.variants, added], version: 2 };
    expect(await store.products.replace(stale, 7, { [added.sku]: 5 }, [])).toBe(false);
    expect(await store.stock.levels([added.sku])).toEqual([]);
    expect(await store.products.replace(stale, 1, { [added.sku]: 5 }, [])).toBe(true);
    expect(await store.stock.levels([added.sku])).toMatchObject([{ productId: product.id, available: 5 }]);
  });
});
