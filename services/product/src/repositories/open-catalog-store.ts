// Picks the catalog store adapter from CATALOG_URL: mongodb://… → MongoDB (FerretDB in tests);
// pglite:memory, pglite:///dir or postgres://… → SQL/JSONB.
import type { CatalogStore } from './catalog-store.js';
import { openMongoCatalogStore } from './mongo/mongo-catalog-store.js';
import { openSqlCatalogStore } from './sql/sql-catalog-store.js';

export function openCatalogStore(url: string): Promise<CatalogStore> {
  if (url.startsWith('mongodb://') || url.startsWith('mongodb+srv://')) return openMongoCatalogStore(url);
  if (url.startsWith('pglite:') || url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return openSqlCatalogStore(url);
  }
  throw new Error(`unsupported catalog URL scheme: ${url.split(':')[0]}`);
}
