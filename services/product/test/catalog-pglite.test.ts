import { openSqlCatalogStore } from '../src/repositories/sql/sql-catalog-store.js';
import { describeCatalogContract } from './catalog-contract.js';

describeCatalogContract('SQL (PGlite)', async () => {
  const store = await openSqlCatalogStore('pglite:memory');
  return { store, dispose: () => store.close() };
});
