// What the first start does once: seed the demo catalog. Most of that time goes to rendering the
// catalog's pictures, on the image library's threads: begun before the services start, they render
// while the databases are created and the first services start, instead of after.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MEDIA_LIMITS } from '../../../services/product/src/app.js';
import { createMediaLibrary } from '../../../services/product/src/media/media-library.js';
import { openMediaStore } from '../../../services/product/src/media/open-media-store.js';
import type { CatalogStore } from '../../../services/product/src/repositories/catalog-store.js';
import {
  type DemoPictures,
  seedDemoCatalog,
  storeDemoPictures,
} from '../../../services/product/src/seed/demo-catalog.js';
import { collectingGarbageWhile } from './memory.js';

export interface FirstRun {
  /** Loads the demo catalog into the product service's store; returns how many products it added. */
  seed(store: CatalogStore): Promise<number>;
}

/**
 * Starts the first run's work when `dataDir` was never seeded (undefined otherwise): the demo
 * pictures begin rendering into the media store at `mediaStoreUrl` at once.
 */
export function beginFirstRun(dataDir: string, mediaStoreUrl: string): FirstRun | undefined {
  const marker = join(dataDir, 'catalog-seeded');
  if (existsSync(marker)) return undefined;
  const pictures = collectingGarbageWhile(() => renderPictures(mediaStoreUrl));
  // Awaited by seed(), which reports a failure; until then it must not count as unhandled.
  pictures.catch(() => {});
  return {
    async seed(store) {
      const added = await collectingGarbageWhile(() => seedDemoCatalog(store, () => pictures));
      writeFileSync(marker, new Date().toISOString());
      return added;
    },
  };
}

/** The same media library as the product service's, over the same store: keys are write-once. */
async function renderPictures(mediaStoreUrl: string): Promise<DemoPictures> {
  const media = await openMediaStore(mediaStoreUrl);
  try {
    return await storeDemoPictures(createMediaLibrary(media, DEFAULT_MEDIA_LIMITS));
  } finally {
    await media.close();
  }
}
