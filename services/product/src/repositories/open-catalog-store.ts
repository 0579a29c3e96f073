// Picks the catalog store from the service's URLs: a mongodb:// CATALOG_URL keeps product
// documents on MongoDB (FerretDB in tests) and stock on DATABASE_URL (PostgreSQL); a SQL
// CATALOG_URL (pglite:memory, pglite:///dir, postgres://…) keeps everything there.
import type { CatalogStore } from './catalog-store.js';
import { openSplitCatalogStore } from './split-catalog-store.js';
import { openSqlCatalogStore } from './sql/sql-catalog-store.js';

const isMongo = (url: string) => url.startsWith('mongodb://') || url.startsWith('mongodb+srv://');
const isSql = (url: string) =>
  url.startsWith('pglite:') || url.startsWith('postgres://') || url.startsWith('postgresql://');

export function openCatalogStore(catalogUrl: string, stockUrl?: string): Promise<CatalogStore> {
  if (isMongo(catalogUrl)) {
    if (!stockUrl || !isSql(stockUrl)) {
      throw new Error(
        'DATABASE_URL (postgres://…) is required with a MongoDB CATALOG_URL: stock and reservations live in PostgreSQL',
      );
    }
    return openSplitCatalogStore(catalogUrl, stockUrl);
  }
  if (isSql(catalogUrl)) {
    if (stockUrl && stockUrl !== catalogUrl) {
      throw new Error('DATABASE_URL must be unset or equal to CATALOG_URL when the catalog is on SQL');
    }
    return openSqlCatalogStore(catalogUrl);
  }
  throw new Error(`unsupported catalog URL scheme: ${catalogUrl.split(':')[0]}`);
}
