// buildApp: the product service's HTTP app over already-open adapters (no I/O here).
import {
  authentication,
  type Cache,
  createService,
  registerInternalBatch,
  requireInternalToken,
  type ServiceApp,
  type TokenVerifier,
} from '@emporium/platform';
import { createCatalogCache } from './cache/catalog-cache.js';
import { type CatalogService, createCatalogService } from './catalog/catalog-service.js';
import type { CatalogStore } from './repositories/catalog-store.js';
import { withRecentProductReads } from './repositories/recent-product-reads.js';
import { registerAdminProductRoutes } from './routes/admin-products.js';
import { registerAdminStockRoutes } from './routes/admin-stock.js';
import { registerAdminStockLocationRoutes } from './routes/admin-stock-locations.js';
import { registerCategoryRoutes } from './routes/categories.js';
import { registerInternalRoutes } from './routes/internal-reservations.js';
import { registerInternalReturnRoutes } from './routes/internal-returns.js';
import { registerProductRoutes } from './routes/products.js';
import { createSearchIndex, type SearchIndex } from './search/search-index.js';
import { createStockService, type StockService } from './stock/stock-service.js';

export interface AppDeps {
  store: CatalogStore;
  cache: Cache;
  verifier: TokenVerifier;
  logLevel?: string;
  processMetrics?: boolean;
  /** Extra readiness checks (cache, bus); the store's is always included. */
  readiness?: Record<string, () => Promise<unknown>>;
  /** Wake the relay of the outbox a write stored events in (product changes, or stock). */
  eventsStored?: { products: () => void; stock: () => void };
  /** Longest a product document read for cart pricing and checkout is reused (0: never). */
  productReadMaxAgeMs?: number;
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
}

export async function buildApp(deps: AppDeps): Promise<ProductApp> {
  const app = await createService({
    name: 'product',
    logLevel: deps.logLevel,
    processMetrics: deps.processMetrics,
    readiness: { catalog: () => deps.store.ping(), ...deps.readiness },
  });
  requireInternalToken(app, { token: deps.internalToken, alsoAccepted: deps.internalTokenAlsoAccepted });
  const cache = createCatalogCache(deps.cache, (error) => app.log.warn({ err: error }, 'cache unavailable'));
  const index = createSearchIndex(deps.store);
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
  });
  const stock = createStockService({
    store,
    cache,
    eventsStored: deps.eventsStored?.stock ?? none,
  });

  await app.register(authentication, { verifier: deps.verifier });
  registerProductRoutes(app, catalog);
  registerCategoryRoutes(app, catalog);
  registerAdminProductRoutes(app, catalog);
  registerAdminStockRoutes(app, stock);
  registerAdminStockLocationRoutes(app, stock);
  registerInternalRoutes(app, stock);
  registerInternalReturnRoutes(app, stock);
  registerInternalBatch(app);
  return { app, catalog, stock, index };
}
