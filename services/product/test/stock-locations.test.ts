// Stock locations on PGlite (embedded) and on PostgreSQL, and what PostgreSQL itself refuses: a
// location's units moved without a ledger row, or a SKU's totals moved around its locations.
import { openSqlDatabase } from '@emporium/platform';
import { createTestDatabase } from '@emporium/platform/testing';
import { describe, expect, it } from 'vitest';
import { openSqlCatalogStore } from '../src/repositories/sql/sql-catalog-store.js';
import { productRecord, testCategories } from './builders.js';
import { describeStockLocationContract } from './stock-locations-contract.js';

describeStockLocationContract('PGlite', async () => {
  const store = await openSqlCatalogStore('pglite:memory');
  return { store, dispose: () => store.close() };
});

describeStockLocationContract('PostgreSQL', async () => {
  const database = await createTestDatabase('product_locations');
  const store = await openSqlCatalogStore(database.url);
  return {
    store,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
});

describe('stock locations: what PostgreSQL refuses', () => {
  it('refuses units moved at a location without a ledger entry, and totals moved around locations', async () => {
    const database = await createTestDatabase('product_locations_raw');
    const store = await openSqlCatalogStore(database.url);
    const raw = await openSqlDatabase(database.url, 'test');
    try {
      for (const category of testCategories) await store.products.upsertCategory(category);
      const product = productRecord();
      const sku = product.variants[0]!.sku;
      await store.products.insert(product, { [sku]: 5 }, []);
      await expect(
        raw.query(`update location_stock set available = available + 1 where sku = $1`, [sku]),
      ).rejects.toMatchObject({ code: 'EMP02' });
      await expect(
        raw.query(
          `update stock set available = available + 1, ledger_entry = '{"kind":"restock"}' where sku = $1`,
          [sku],
        ),
      ).rejects.toMatchObject({ code: 'EMP02' });
      await expect(
        raw.query(
          `insert into stock (sku, product_id, slug, title, available, reserved, low_stock_threshold, updated_at)
           values ('RAW-1', 'p', 's', 't', 3, 0, 0, 'now')`,
        ),
      ).rejects.toMatchObject({ code: 'EMP02' });
      expect((await store.stock.levels([sku]))[0]).toMatchObject({ available: 5 });
    } finally {
      await raw.close();
      await store.close();
      await database.drop();
    }
  });
});
