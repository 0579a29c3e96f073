import type { KeyedMutex } from '../../keyed-mutex.js';
import { DuplicateKeyError, type ProductRecord, type ProductStore } from '../catalog-store.js';
import {
  isDuplicateKey,
  type MongoCollections,
  type ProductDocument,
  type StockDocument,
} from './collections.js';

const toRecord = ({
  _id,
  pendingEvents: _p,
  outboxPending: _o,
  ...rest
}: ProductDocument): ProductRecord => ({
  id: _id,
  ...rest,
});
const toDocument = ({ id, ...rest }: ProductRecord): ProductDocument => ({ _id: id, ...rest });

function stockDocuments(product: ProductRecord, quantities: Record<string, number>): StockDocument[] {
  return product.variants
    .filter((variant) => variant.sku in quantities)
    .map((variant) => ({
      _id: variant.sku,
      productId: product.id,
      slug: product.slug,
      title: `${product.title} — ${variant.title}`,
      available: quantities[variant.sku] ?? 0,
      reserved: 0,
      lowStockThreshold: variant.lowStockThreshold,
      holds: {},
      updatedAt: product.updatedAt,
    }));
}

export function createMongoProductStore(c: MongoCollections, mutex: KeyedMutex) {
  async function assertSkusFree(skus: string[]): Promise<void> {
    if (skus.length === 0) return;
    const taken = await c.stock.countDocuments({ _id: { $in: skus } });
    if (taken > 0) throw new DuplicateKeyError('sku');
  }

  const store: ProductStore = {
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
    async insert(product, initialStock, events) {
      await assertSkusFree(Object.keys(initialStock));
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
      try {
        await c.stock.insertMany(stockDocuments(product, initialStock), { ordered: true });
      } catch (error) {
        // No transaction: undo the product so a failed create leaves nothing behind.
        await c.stock.deleteMany({ productId: product.id });
        await c.products.deleteOne({ _id: product.id });
        if (isDuplicateKey(error)) throw new DuplicateKeyError('sku');
        throw error;
      }
    },
    async replace(product, expectedVersion, newStock, events) {
      return mutex.run(`product:${product.id}`, async () => {
        await assertSkusFree(Object.keys(newStock));
        const { _id, ...fields } = toDocument(product);
        const result = await c.products.updateOne(
          { _id, version: expectedVersion },
          { $set: { ...fields, outboxPending: true }, $push: { pendingEvents: { $each: events } } },
        );
        if (result.matchedCount === 0) return false;
        const fresh = stockDocuments(product, newStock);
        if (fresh.length > 0) await c.stock.insertMany(fresh);
        // Stock records repeat the names shown in low-stock lists and the internal variant API.
        for (const variant of product.variants) {
          if (variant.sku in newStock) continue;
          await mutex.run(`sku:${variant.sku}`, () =>
            c.stock.updateOne(
              { _id: variant.sku },
              {
                $set: {
                  title: `${product.title} — ${variant.title}`,
                  lowStockThreshold: variant.lowStockThreshold,
                },
              },
            ),
          );
        }
        return true;
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
  return store;
}
