// What the first start does once: seed the demo catalog.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MediaLibrary } from '../../../services/product/src/media/media-library.js';
import type { CatalogStore } from '../../../services/product/src/repositories/catalog-store.js';
import { seedDemoCatalog } from '../../../services/product/src/seed/demo-catalog.js';
import { collectingGarbageWhile } from './memory.js';

/** Seeds the catalog the first time only; returns how many products it added. */
export async function seedCatalogOnce(
  dataDir: string,
  store: CatalogStore,
  media: MediaLibrary,
): Promise<number> {
  const marker = join(dataDir, 'catalog-seeded');
  if (existsSync(marker)) return 0;
  const added = await collectingGarbageWhile(() => seedDemoCatalog(store, media));
  writeFileSync(marker, new Date().toISOString());
  return added;
}
