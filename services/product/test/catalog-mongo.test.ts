import { testInfra, uniqueName } from '@emporium/platform/testing';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogStore } from '../src/repositories/catalog-store.js';
import { mongoCollections } from '../src/repositories/mongo/collections.js';
import { openMongoCatalogStore } from '../src/repositories/mongo/mongo-catalog-store.js';
import { productRecord } from './builders.js';
import { describeCatalogContract } from './catalog-contract.js';

describeCatalogContract('MongoDB (FerretDB)', async () => {
  const url = `${testInfra.mongodbUrl}/${uniqueName('catalog')}`;
  const store = await openMongoCatalogStore(url);
  return {
    store,
    async dispose() {
      await store.close();
      const client = await MongoClient.connect(url);
      await client.db().dropDatabase();
      await client.close();
    },
  };
});

// MongoDB has no multi-document transaction: a restore records its outcome first, then puts each
// line back. A crash in between is finished by repair, and no line is ever restored twice.
describe('MongoDB catalog store: interrupted restore', () => {
  const url = `${testInfra.mongodbUrl}/${uniqueName('catalog')}`;
  let store: CatalogStore;
  let client: MongoClient;
  beforeAll(async () => {
    store = await openMongoCatalogStore(url);
    client = await MongoClient.connect(url);
  });
  afterAll(async () => {
    await store.close();
    await client.db().dropDatabase();
    await client.close();
  });

  it('is finished by repair, each line restored once', async () => {
    const product = productRecord();
    const sku = product.variants[0]!.sku;
    await store.products.insert(product, { [sku]: 5 }, []);
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    await store.stock.reserve('order-crashed', [{ sku, quantity: 2 }], inAnHour, () => []);
    await store.stock.commit('order-crashed', () => []);
    // What a crash right after recording the restore leaves behind: released, nothing put back.
    const { reservations, stock } = mongoCollections(client.db());
    const longAgo = new Date(Date.now() - 60_000).toISOString();
    await reservations.updateOne(
      { _id: 'order-crashed' },
      { $set: { status: 'released', restoring: true, settled: false, updatedAt: longAgo } },
    );
    expect((await stock.findOne({ _id: sku }))?.available).toBe(3);

    await store.stock.repair(new Date().toISOString());
    await store.stock.repair(new Date().toISOString());
    expect(await store.stock.levels([sku])).toMatchObject([{ available: 5, reserved: 0 }]);
    expect((await reservations.findOne({ _id: 'order-crashed' }))?.settled).toBe(true);
    // A redelivered cancellation finds it released: nothing more comes back.
    expect((await store.stock.restore('order-crashed', () => []))?.status).toBe('released');
    expect((await store.stock.levels([sku]))[0]?.available).toBe(5);
  });
});
