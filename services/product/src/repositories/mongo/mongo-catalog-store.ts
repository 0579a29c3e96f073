// Product documents and categories on MongoDB (official driver), with their outbox. Written for
// FerretDB 1.24 as much as for MongoDB: no multi-document transactions, no $text, single-document
// conditional updates only, and every write to one document queued per key in-process (see
// keyed-mutex.ts). Stock is not here: split-catalog-store.ts pairs these with PostgreSQL stock.
import { MongoClient } from 'mongodb';
import { createKeyedMutex } from '../../keyed-mutex.js';
import type { OutboxStore, ProductDocumentStore } from '../catalog-store.js';
import { mongoCollections } from './collections.js';
import { createMongoOutboxStore } from './mongo-events.js';
import { createMongoProductStore } from './mongo-products.js';

export interface MongoProductDocuments {
  products: ProductDocumentStore;
  outbox: OutboxStore;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openMongoProductDocuments(url: string): Promise<MongoProductDocuments> {
  const client = new MongoClient(url, { maxPoolSize: 50, serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const collections = mongoCollections(client.db());
  await createIndexes(collections);
  const mutex = createKeyedMutex();
  return {
    products: createMongoProductStore(collections, mutex),
    outbox: createMongoOutboxStore(collections, mutex),
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
    c.outbox.createIndex({ claimedUntil: 1, createdAt: 1 }, { name: 'claim' }),
  ]);
}
