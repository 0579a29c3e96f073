// `npm run -w @emporium/product seed`: loads the demo catalog into CATALOG_URL's store (and the
// stock into DATABASE_URL when the catalog is on MongoDB).
import { loadConfigOrExit } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import { openCatalogStore } from '../repositories/open-catalog-store.js';
import { seedDemoCatalog } from './demo-catalog.js';

const { CATALOG_URL, DATABASE_URL } = loadConfigOrExit(
  Type.Object({
    CATALOG_URL: Type.String({ minLength: 1 }),
    DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  }),
);
const store = await openCatalogStore(CATALOG_URL, DATABASE_URL);
try {
  const inserted = await seedDemoCatalog(store);
  process.stdout.write(inserted > 0 ? `seeded ${inserted} products\n` : 'demo catalog already present\n');
} finally {
  await store.close();
}
