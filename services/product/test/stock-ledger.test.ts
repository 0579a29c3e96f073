// The stock ledger on PGlite (embedded) and on PostgreSQL, and what the database itself refuses:
// a stock move without a ledger row, and any change to a ledger row.
import { openSqlDatabase, type SqlDatabase } from '@emporium/platform';
import { createTestDatabase } from '@emporium/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogStore } from '../src/repositories/catalog-store.js';
import { openSqlCatalogStore } from '../src/repositories/sql/sql-catalog-store.js';
import { productRecord, testCategories } from './builders.js';
import { describeStockLedgerContract } from './stock-ledger-contract.js';

describeStockLedgerContract('PGlite', async () => {
  const store = await openSqlCatalogStore('pglite:memory');
  return { store, dispose: () => store.close() };
});

describeStockLedgerContract('PostgreSQL', async () => {
  const database = await createTestDatabase('product_ledger');
  const store = await openSqlCatalogStore(database.url);
  return {
    store,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
});

describe('stock ledger: what PostgreSQL refuses', () => {
  let store: CatalogStore;
  let raw: SqlDatabase;
  let drop: () => Promise<void>;
  let sku: string;

  beforeAll(async () => {
    const database = await createTestDatabase('product_ledger_raw');
    store = await openSqlCatalogStore(database.url);
    raw = await openSqlDatabase(database.url, 'test');
    drop = () => database.drop();
    for (const category of testCategories) await store.products.upsertCategory(category);
    const product = productRecord();
    sku = product.variants[0]!.sku;
    await store.products.insert(product, { [sku]: 5 }, []);
  });
  afterAll(async () => {
    await raw.close();
    await store.close();
    await drop();
  });

  it('refuses to move stock without saying why', async () => {
    await expect(
      raw.query('update stock set available = available + 1 where sku = $1', [sku]),
    ).rejects.toMatchObject({
      code: 'EMP02',
    });
    // A change that moves no units (a rename) needs no ledger row.
    await raw.query(`update stock set title = 'Renamed' where sku = $1`, [sku]);
    expect((await store.stock.levels([sku]))[0]).toMatchObject({ available: 5, title: 'Renamed' });
    expect(await store.stock.ledger(sku, { limit: 10 })).toHaveLength(1);
  });

  it('refuses to update, delete or truncate ledger rows', async () => {
    await expect(
      raw.query(`update stock_ledger set available_delta = 0 where sku = $1`, [sku]),
    ).rejects.toMatchObject({
      code: 'EMP03',
    });
    await expect(raw.query('delete from stock_ledger where sku = $1', [sku])).rejects.toMatchObject({
      code: 'EMP03',
    });
    await expect(raw.query('truncate stock_ledger')).rejects.toMatchObject({ code: 'EMP03' });
    expect(await store.stock.ledger(sku, { limit: 10 })).toHaveLength(1);
  });

  it('records a removed stock row, so the ledger still replays to nothing', async () => {
    const product = productRecord();
    const removed = product.variants[0]!.sku;
    await store.products.insert(product, { [removed]: 3 }, []);
    await raw.query('delete from stock where sku = $1', [removed]);
    const [last] = await store.stock.ledger(removed, { limit: 1 });
    expect(last).toMatchObject({ kind: 'removal', availableDelta: -3, availableAfter: 0 });
  });
});
