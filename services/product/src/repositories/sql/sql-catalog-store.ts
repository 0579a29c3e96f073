// SQL adapter of the catalog store: JSONB documents on PGlite (embedded quick start) or
// PostgreSQL. Real transactions make every operation all-or-nothing, so nothing needs repair.
import { fileURLToPath } from 'node:url';
import { migrateEventTables, openSqlDatabase, runMigrations, type SqlDatabase } from '@emporium/platform';
import type { CatalogStore } from '../catalog-store.js';
import { createSqlContentPageStore } from './sql-content-pages.js';
import { createSqlEventStore } from './sql-events.js';
import { createSqlProductStore } from './sql-products.js';
import { createSqlReviewStore } from './sql-reviews.js';
import { createSqlStockStore } from './sql-stock.js';
import { createSqlLocationStore } from './sql-stock-locations.js';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations', import.meta.url));

/**
 * The product service's SQL database, migrated. Beside MongoDB product documents only its stock,
 * reservations and event tables are used; the product and category tables stay empty there.
 */
export async function openProductDatabase(url: string): Promise<SqlDatabase> {
  const db = await openSqlDatabase(url, 'product');
  await runMigrations(db, MIGRATIONS, 'product');
  await migrateEventTables(db);
  return db;
}

export async function openSqlCatalogStore(url: string): Promise<CatalogStore> {
  const db = await openProductDatabase(url);
  const events = createSqlEventStore(db);
  return {
    products: createSqlProductStore(db),
    stock: createSqlStockStore(db),
    locations: createSqlLocationStore(db),
    events,
    productEvents: events,
    reviews: createSqlReviewStore(db),
    pages: createSqlContentPageStore(db),
    ping: () => db.ping(),
    close: () => db.close(),
  };
}
