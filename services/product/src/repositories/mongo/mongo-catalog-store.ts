// MongoDB adapter of the catalog store (official driver). Written for FerretDB 1.24 as much as
// for MongoDB: no multi-document transactions, no $text, single-document conditional updates
// only, and every write to one document queued per key in-process (see keyed-mutex.ts).
import { MongoClient } from 'mongodb';
import { createKeyedMutex } from '../../keyed-mutex.js';
import type { CatalogStore } from '../catalog-store.js';
import { mongoCollections } from './collections.js';
import { createMongoEventStore } from './mongo-events.js';
import { createMongoProductStore } from './mongo-products.js';
import { createMongoStockStore } from './mongo-stock.js';

export async function openMongoCatalogStore(url: string): Promise<CatalogStore> {
  const client = new MongoClient(url, { maxPoolSize: 50, serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const collections = mongoCollections(client.db());
  await createIndexes(collections);
  const mutex = createKeyedMutex();
  return {
    products: createMongoProductStore(collections, mutex),
    stock: createMongoStockStore(collections, mutex),
    events: createMongoEventStore(collections, mutex),
    async ping() {
      await client.db().command({ ping: 1 });
    },
    async close() {
      await client.close();
    },
  };
}

async function createIndexes(c: ReturnType<typeof mongoCollections>): Promise<void> {
  await Promise.all([
    c.products.createIndex({ slug: 1 }, { unique: true, name: 'slug_unique' }),
    c.products.createIndex({ categoryPath: 1 }, { name: 'category' }),
    c.products.createIndex({ attributeTokens: 1 }, { name: 'attributes' }),
    c.products.createIndex({ searchTokens: 1 }, { name: 'search_tokens' }),
    c.products.createIndex({ updatedAt: 1 }, { name: 'updated_at' }),
    c.products.createIndex({ outboxPending: 1 }, { name: 'outbox_pending' }),
    c.stock.createIndex({ updatedAt: 1 }, { name: 'updated_at' }),
    c.reservations.createIndex({ status: 1, expiresAt: 1 }, { name: 'status_expiry' }),
    c.reservations.createIndex({ settled: 1 }, { name: 'settled' }),
    c.reservations.createIndex({ outboxPending: 1 }, { name: 'outbox_pending' }),
    c.outbox.createIndex({ claimedUntil: 1, createdAt: 1 }, { name: 'claim' }),
  ]);
}
