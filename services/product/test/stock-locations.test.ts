// Stock locations on PGlite (embedded) and on PostgreSQL, what PostgreSQL itself refuses (a
// location's units moved without a ledger row, or a SKU's totals moved around its locations), and
// the migration of stock that predates locations.
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateEventTables, openSqlDatabase, runMigrations } from '@emporium/platform';
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

describe('stock locations: migrating stock that predates them', () => {
  const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));
  const BEFORE_LOCATIONS = ['0001_catalog.sql', '0002_reserve_stock.sql', '0003_stock_ledger.sql'];

  it('moves every SKU with its holds into the default location, where releases and returns go', async () => {
    const database = await createTestDatabase('product_locations_migrate');
    const old = await openSqlDatabase(database.url, 'test');
    const earlier = await mkdtemp(join(tmpdir(), 'product-migrations-'));
    for (const file of BEFORE_LOCATIONS) await copyFile(join(MIGRATIONS, file), join(earlier, file));
    await runMigrations(old, earlier, 'product');
    await migrateEventTables(old);
    const at = new Date().toISOString();
    const expires = new Date(Date.now() + 3_600_000).toISOString();
    await old.query(
      `insert into stock (sku, product_id, slug, title, available, reserved, low_stock_threshold, updated_at)
       values ('OLD-1', 'p-old', 'old', 'Old mug', 10, 0, 1, $1)`,
      [at],
    );
    for (const [id, quantity] of [
      ['held', 3],
      ['sold', 2],
    ] as const) {
      await old.query('select * from reserve_stock($1, $2, $3, $4, $5)', [
        id,
        JSON.stringify([{ sku: 'OLD-1', quantity }]),
        expires,
        at,
        '[]',
      ]);
    }
    await old.query(
      `update stock set reserved = reserved - 2, holds = holds - 'sold',
         ledger_entry = '{"kind": "sale", "reference": "sold"}', updated_at = $1 where sku = 'OLD-1'`,
      [at],
    );
    await old.query(`update reservations set status = 'committed' where id = 'sold'`);
    await old.close();

    const store = await openSqlCatalogStore(database.url);
    try {
      expect((await store.stock.levels(['OLD-1']))[0]).toMatchObject({ available: 5, reserved: 3 });
      expect(await store.locations.levels('OLD-1')).toEqual([
        { location: 'default', available: 5, reserved: 3 },
      ]);
      expect((await store.stock.find('held'))?.allocation).toEqual([
        { sku: 'OLD-1', location: 'default', quantity: 3 },
      ]);
      await store.stock.release('held', { kind: 'release', actor: 'system', reason: 'released' }, () => []);
      await store.stock.restore('sold', () => []);
      expect(await store.locations.levels('OLD-1')).toEqual([
        { location: 'default', available: 10, reserved: 0 },
      ]);
      const entries = await store.stock.ledger('OLD-1', { limit: 100 });
      expect(new Set(entries.map((entry) => entry.location))).toEqual(new Set(['default']));
      expect(entries.reduce((sum, entry) => sum + entry.availableDelta, 0)).toBe(10);
      expect(entries.reduce((sum, entry) => sum + entry.reservedDelta, 0)).toBe(0);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
