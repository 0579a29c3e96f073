// The catalog as deployed: product documents on MongoDB, stock and reservations on PostgreSQL
// (docs/decisions/0006). A checkout writes only to PostgreSQL (it reads its products' documents
// once, for their prices); browsing and search read MongoDB.
//
// No transaction spans the two databases, so writes that touch both are ordered to be safe
// after a crash at any point: a variant's stock row is written before the document that names
// it, and removed again if the document write fails. A crash in between leaves a row no product
// document owns; the next create or update that wants its SKU reclaims it (after a grace period,
// so a create still in flight elsewhere keeps its row). A product never exists without its stock.
import type { SqlDatabase } from '@emporium/platform';
import {
  type CatalogStore,
  DuplicateKeyError,
  type ProductDocumentStore,
  type ProductRecord,
  type ProductStore,
} from './catalog-store.js';
import { openProductDatabase } from './sql/sql-catalog-store.js';
import { createSqlContentPageStore } from './sql/sql-content-pages.js';
import { createSqlEventStore } from './sql/sql-events.js';
import { createSqlReviewStore } from './sql/sql-reviews.js';
import { createSqlStockStore } from './sql/sql-stock.js';
import { createSqlLocationStore } from './sql/sql-stock-locations.js';
import {
  deleteStockRows,
  describeStockRows,
  insertStockRows,
  isUniqueViolation,
  stockRowOwners,
} from './sql/sql-stock-rows.js';

/** How old an unowned stock row must be before a write may reclaim its SKU. */
const ORPHAN_GRACE_MS = 60_000;

export async function openSplitCatalogStore(catalogUrl: string, stockUrl: string): Promise<CatalogStore> {
  // The MongoDB driver loads only for a split store: the embedded start keeps it all in SQL.
  const { openMongoProductDocuments } = await import('./mongo/mongo-catalog-store.js');
  const documents = await openMongoProductDocuments(catalogUrl);
  const db = await openProductDatabase(stockUrl).catch(async (error) => {
    await documents.close();
    throw error;
  });
  return {
    products: splitProductStore(documents.products, db),
    stock: createSqlStockStore(db),
    locations: createSqlLocationStore(db),
    events: createSqlEventStore(db),
    productEvents: documents.outbox,
    reviews: createSqlReviewStore(db),
    pages: createSqlContentPageStore(db),
    async ping() {
      await Promise.all([documents.ping(), db.ping()]);
    },
    async close() {
      await Promise.all([documents.close(), db.close()]);
    },
  };
}

function splitProductStore(documents: ProductDocumentStore, db: SqlDatabase): ProductStore {
  /**
   * Throws DuplicateKeyError('sku') if a product owns one of the SKUs; reclaims rows that a
   * crashed write left without an owner (no document, or a document without that variant).
   */
  async function claimSkus(skus: string[]): Promise<void> {
    const orphans: string[] = [];
    for (const row of await stockRowOwners(db, skus)) {
      const owner = await documents.findById(row.productId);
      const owned = owner?.variants.some((variant) => variant.sku === row.sku);
      const settled = Date.now() - Date.parse(row.updatedAt) > ORPHAN_GRACE_MS;
      if (owned || !settled) throw new DuplicateKeyError('sku');
      orphans.push(row.sku);
    }
    // Held stock would make the row someone's: only rows nothing was ever reserved from go.
    await deleteStockRows(db, orphans, { onlyUnreserved: true });
  }

  async function addStockRows(product: ProductRecord, quantities: Record<string, number>) {
    await claimSkus(Object.keys(quantities));
    try {
      await db.transaction((tx) => insertStockRows(tx, product, quantities));
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateKeyError('sku');
      throw error;
    }
  }

  const dropStockRows = (skus: string[]) => deleteStockRows(db, skus, { onlyUnreserved: false });

  return {
    upsertCategory: (category) => documents.upsertCategory(category),
    listCategories: () => documents.listCategories(),
    findById: (id) => documents.findById(id),
    findBySlug: (slug) => documents.findBySlug(slug),
    findByIds: (ids) => documents.findByIds(ids),
    changedSince: (since) => documents.changedSince(since),

    async insert(product, initialStock, events) {
      await addStockRows(product, initialStock);
      try {
        await documents.insert(product, events);
      } catch (error) {
        await dropStockRows(Object.keys(initialStock));
        throw error;
      }
    },

    async replace(product, expectedVersion, newStock, events) {
      const added = Object.keys(newStock);
      await addStockRows(product, newStock);
      let replaced: boolean;
      try {
        replaced = await documents.replace(product, expectedVersion, events);
      } catch (error) {
        await dropStockRows(added);
        throw error;
      }
      if (!replaced) {
        await dropStockRows(added);
        return false;
      }
      // Renames reach the rows after the document: a crash in between leaves old names on
      // low-stock lists until the product's next update.
      await describeStockRows(db, product);
      return true;
    },
  };
}
