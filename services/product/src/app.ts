// buildApp: the product service's HTTP app over already-open adapters (no I/O here).
import {
  type AppHostOptions,
  authentication,
  type Cache,
  createService,
  hostOptions,
  registerInternalBatch,
  requireInternalToken,
  type ServiceApp,
  type TokenVerifier,
} from '@emporium/platform';
import { createCatalogCache } from './cache/catalog-cache.js';
import { type CatalogService, createCatalogService } from './catalog/catalog-service.js';
import { createMediaJson } from './media/media-json.js';
import { createMediaLibrary, type MediaLibrary } from './media/media-library.js';
import type { MediaStore } from './media/media-store.js';
import { createContentPageService } from './pages/content-page-service.js';
import type { CatalogStore } from './repositories/catalog-store.js';
import { withRecentProductReads } from './repositories/recent-product-reads.js';
import { createReviewRateLimit } from './reviews/review-rate-limit.js';
import { createReviewService, type ReviewService } from './reviews/review-service.js';
import { registerAdminMediaRoutes } from './routes/admin-media.js';
import { registerAdminProductRoutes } from './routes/admin-products.js';
import { registerAdminReviewRoutes } from './routes/admin-reviews.js';
import { registerAdminStockRoutes } from './routes/admin-stock.js';
import { registerAdminStockLocationRoutes } from './routes/admin-stock-locations.js';
import { registerCategoryRoutes } from './routes/categories.js';
import { registerContentPageRoutes } from './routes/content-pages.js';
import { registerInternalRoutes } from './routes/internal-reservations.js';
import { registerInternalReturnRoutes } from './routes/internal-returns.js';
import { registerMediaRoutes } from './routes/media.js';
import { registerProductRoutes } from './routes/products.js';
import { registerReviewRoutes } from './routes/reviews.js';
import { createSearchIndex, type SearchIndex } from './search/search-index.js';
import { createStockService, type StockService } from './stock/stock-service.js';

export interface AppDeps extends AppHostOptions {
  store: CatalogStore;
  /** Where uploaded images' renditions are kept. */
  media: MediaStore;
  /** Largest upload in bytes, and in pixels (width × height). */
  mediaLimits?: { maxBytes: number; maxPixels: number };
  /** The public path (or CDN URL) images are served under (MEDIA_BASE_URL). */
  mediaBaseUrl?: string;
  cache: Cache;
  verifier: TokenVerifier;
  /** Wake the relay of the outbox a write stored events in (product changes, or stock). */
  eventsStored?: { products: () => void; stock: () => void };
  /** Longest a product document read for cart pricing and checkout is reused (0: never). */
  productReadMaxAgeMs?: number;
  /** Reviews and review edits one shopper may send per hour (REVIEW_WRITES_PER_HOUR). */
  reviewWritesPerHour?: number;
  /** The shared secret /internal/* demands (INTERNAL_TOKEN); unset, those routes are open. */
  internalToken?: string;
  /** Accepted besides internalToken while it is rotated (INTERNAL_TOKEN_ALSO_ACCEPTED). */
  internalTokenAlsoAccepted?: string;
}

export interface ProductApp {
  app: ServiceApp;
  catalog: CatalogService;
  stock: StockService;
  index: SearchIndex;
  media: MediaLibrary;
  reviews: ReviewService;
}

export const DEFAULT_MEDIA_LIMITS = { maxBytes: 10 * 1024 * 1024, maxPixels: 40_000_000 };
export const DEFAULT_MEDIA_BASE_URL = '/api/v1/media';

export async function buildApp(deps: AppDeps): Promise<ProductApp> {
  // The store's and the media store's checks beside the runtime's (cache, events).
  const app = await createService({
    ...hostOptions('product', deps),
    readiness: { catalog: () => deps.store.ping(), media: () => deps.media.ping(), ...deps.readiness },
  });
  requireInternalToken(app, { token: deps.internalToken, alsoAccepted: deps.internalTokenAlsoAccepted });
  const cache = createCatalogCache(deps.cache, (error) => app.log.warn({ err: error }, 'cache unavailable'));
  const mediaJson = createMediaJson(deps.mediaBaseUrl ?? DEFAULT_MEDIA_BASE_URL);
  const media = createMediaLibrary(deps.media, deps.mediaLimits ?? DEFAULT_MEDIA_LIMITS);
  const index = createSearchIndex(deps.store, mediaJson);
  const store: CatalogStore = {
    ...deps.store,
    products: withRecentProductReads(deps.store.products, {
      maxAgeMs: deps.productReadMaxAgeMs ?? 60_000,
      generation: () => cache.generation(),
    }),
  };
  const none = () => {};
  const catalog = createCatalogService({
    store,
    cache,
    index,
    eventsStored: deps.eventsStored?.products ?? none,
    mediaJson,
  });
  const stock = createStockService({
    store,
    cache,
    eventsStored: deps.eventsStored?.stock ?? none,
    mediaJson,
  });
  const reviews = createReviewService({
    store,
    cache,
    rateLimit: createReviewRateLimit(
      deps.cache,
      { limit: deps.reviewWritesPerHour ?? 10, windowSeconds: 3600 },
      (error) => app.log.warn({ err: error }, 'review rate limit unavailable'),
    ),
    eventsStored: deps.eventsStored?.stock ?? none,
  });

  await app.register(authentication, { verifier: deps.verifier });
  registerProductRoutes(app, catalog);
  registerCategoryRoutes(app, catalog);
  registerAdminProductRoutes(app, catalog);
  await registerAdminMediaRoutes(app, catalog, media);
  registerMediaRoutes(app, deps.media);
  registerAdminStockRoutes(app, stock);
  registerAdminStockLocationRoutes(app, stock);
  registerReviewRoutes(app, reviews);
  registerAdminReviewRoutes(app, reviews);
  registerContentPageRoutes(app, createContentPageService(store.pages));
  registerInternalRoutes(app, stock);
  registerInternalReturnRoutes(app, stock);
  registerInternalBatch(app);
  return { app, catalog, stock, index, media, reviews };
}
