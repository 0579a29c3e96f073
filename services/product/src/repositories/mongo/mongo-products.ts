// Product documents and categories on MongoDB. Stock lives in PostgreSQL (see
// split-catalog-store.ts), so nothing here touches it.
import type { KeyedMutex } from '../../keyed-mutex.js';
import { DuplicateKeyError, type ProductDocumentStore, type ProductRecord } from '../catalog-store.js';
import { fromStored } from '../stored-record.js';
import { isDuplicateKey, type MongoCollections, type ProductDocument } from './collections.js';

const toRecord = ({ _id, pendingEvents: _p, outboxPending: _o, ...rest }: ProductDocument): ProductRecord =>
  fromStored({ id: _id, ...rest });
const toDocument = ({ id, ...rest }: ProductRecord): ProductDocument => ({ _id: id, ...rest });

export function createMongoProductStore(c: MongoCollections, mutex: KeyedMutex): ProductDocumentStore {
  return {
    async upsertCategory(category) {
      await mutex.run(`category:${category.slug}`, () =>
        c.categories.replaceOne(
          { _id: category.slug },
          { name: category.name, parent: category.parent },
          { upsert: true },
        ),
      );
    },
    async listCategories() {
      const docs = await c.categories.find({}).sort({ _id: 1 }).toArray();
      return docs.map(({ _id, name, parent }) => ({ slug: _id, name, parent }));
    },
    async insert(product, events) {
      try {
        await c.products.insertOne({
          ...toDocument(product),
          pendingEvents: events,
          outboxPending: events.length > 0,
        });
      } catch (error) {
        if (isDuplicateKey(error)) throw new DuplicateKeyError('slug');
        throw error;
      }
    },
    async replace(product, expectedVersion, events) {
      return mutex.run(`product:${product.id}`, async () => {
        const { _id, ...fields } = toDocument(product);
        const result = await c.products.updateOne(
          { _id, version: expectedVersion },
          { $set: { ...fields, outboxPending: true }, $push: { pendingEvents: { $each: events } } },
        );
        return result.matchedCount > 0;
      });
    },
    async findById(id) {
      const doc = await c.products.findOne({ _id: id });
      return doc ? toRecord(doc) : undefined;
    },
    async findBySlug(slug) {
      const doc = await c.products.findOne({ slug });
      return doc ? toRecord(doc) : undefined;
    },
    async findByIds(ids) {
      // One equality lookup per id, not `$in`: FerretDB hands equality to PostgreSQL but filters
      // `$in` itself after reading the whole collection.
      const docs = await Promise.all(ids.map((id) => c.products.findOne({ _id: id })));
      return docs.filter((doc) => doc !== null).map(toRecord);
    },
    async changedSince(since) {
      const docs = await c.products.find(since ? { updatedAt: { $gte: since } } : {}).toArray();
      return docs.map(toRecord);
    },
  };
}
