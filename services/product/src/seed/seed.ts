// `npm run -w @emporium/product seed`: loads the demo catalog into CATALOG_URL's store (and the
// stock into DATABASE_URL when the catalog is on MongoDB), its illustrations into MEDIA_STORE_URL.
import { loadConfigOrExit } from '@emporium/platform';
import { Type } from '@sinclair/typebox';
import { DEFAULT_MEDIA_LIMITS } from '../app.js';
import { createMediaLibrary } from '../media/media-library.js';
import { openMediaStore } from '../media/open-media-store.js';
import { openCatalogStore } from '../repositories/open-catalog-store.js';
import { seedDemoCatalog, storeDemoPictures } from './demo-catalog.js';

const { CATALOG_URL, DATABASE_URL, MEDIA_STORE_URL } = loadConfigOrExit(
  Type.Object({
    CATALOG_URL: Type.String({ minLength: 1 }),
    DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
    MEDIA_STORE_URL: Type.String({ pattern: '^(file:///|s3://)' }),
  }),
);
const store = await openCatalogStore(CATALOG_URL, DATABASE_URL);
const media = await openMediaStore(MEDIA_STORE_URL);
try {
  const library = createMediaLibrary(media, DEFAULT_MEDIA_LIMITS);
  const inserted = await seedDemoCatalog(store, () => storeDemoPictures(library));
  process.stdout.write(inserted > 0 ? `seeded ${inserted} products\n` : 'demo catalog already present\n');
} finally {
  await media.close();
  await store.close();
}
