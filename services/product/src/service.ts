// Opens the product service's runtime (bus, cache) and catalog store, starts its outbox relays,
// consumers and sweeper, and returns the app without listening (main.ts listens; the embedded
// quick start mounts it).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createOutboxRelay,
  createTokenVerifier,
  openServiceRuntime,
  type ServiceApp,
  type TokenVerifier,
} from '@emporium/platform';
import { buildApp } from './app.js';
import type { ProductConfig } from './config.js';
import { subscribeToOrderEvents } from './events/order-events.js';
import { subscribeToPurchases } from './events/purchase-events.js';
import { createMediaJson, type MediaJson } from './media/media-json.js';
import { createMediaLibrary, type MediaLibrary } from './media/media-library.js';
import { openMediaStore } from './media/open-media-store.js';
import type { CatalogStore, OutboxStore } from './repositories/catalog-store.js';
import { openCatalogStore } from './repositories/open-catalog-store.js';
import { startReservationSweeper } from './stock/sweeper.js';

export interface ProductRuntime {
  /** Tests pass their own verifier instead of fetching the auth service's JWKS. */
  verifier?: TokenVerifier;
  /**
   * Called with the open stores before the app is built (the embedded quick start seeds here):
   * the catalog, and the media library with the JSON its images are shown as.
   */
  onStoreOpen?: (store: CatalogStore, media: { library: MediaLibrary; json: MediaJson }) => Promise<void>;
  onReady?: (app: ServiceApp) => void;
}

export async function startProductService(config: ProductConfig, options: ProductRuntime = {}) {
  const runtime = await openServiceRuntime({
    name: 'product',
    config,
    processMetrics: config.NODE_ENV !== 'test',
    cache: { keyPrefix: config.CACHE_KEY_PREFIX },
    events: {},
  });
  const { bus, log } = runtime;
  const store = runtime.own(await openCatalogStore(config.CATALOG_URL, config.DATABASE_URL));
  const mediaStore = runtime.own(
    await openMediaStore(config.MEDIA_STORE_URL ?? pathToFileURL(join(tmpdir(), 'emporium-media')).href),
  );
  const mediaLimits = { maxBytes: config.MEDIA_MAX_BYTES, maxPixels: config.MEDIA_MAX_PIXELS };
  await options.onStoreOpen?.(store, {
    library: createMediaLibrary(mediaStore, mediaLimits),
    json: createMediaJson(config.MEDIA_BASE_URL),
  });
  // One relay per outbox: stock events beside the stock, product changes beside the products
  // (the same outbox when both share a database).
  const outboxes =
    store.productEvents === store.events ? [store.events] : [store.events, store.productEvents];
  const relays = outboxes.map((outbox) =>
    runtime.own(
      createOutboxRelay({
        store: outbox,
        publisher: bus,
        metrics: runtime.metrics,
        // Each pass over the MongoDB outbox first reads the product documents for pending events:
        // poll less often than the SQL outbox does.
        batchSize: 200,
        idleDelayMs: 1000,
        onError: (error) => log.error({ err: error }, 'outbox relay failed'),
      }),
    ),
  );
  const kick = (outbox: OutboxStore) => () => relays[outboxes.indexOf(outbox)]?.kick();
  const { app, stock, index } = await buildApp({
    ...runtime.host,
    store,
    media: mediaStore,
    mediaLimits,
    mediaBaseUrl: config.MEDIA_BASE_URL,
    cache: runtime.cache,
    verifier: options.verifier ?? createTokenVerifier(config.AUTH_JWKS_URL),
    eventsStored: { products: kick(store.productEvents), stock: kick(store.events) },
    productReadMaxAgeMs: config.PRODUCT_READ_MAX_AGE_MS,
    internalToken: config.INTERNAL_TOKEN,
    internalTokenAlsoAccepted: config.INTERNAL_TOKEN_ALSO_ACCEPTED,
    reviewWritesPerHour: config.REVIEW_WRITES_PER_HOUR,
  });
  for (const relay of relays) relay.start();
  await subscribeToOrderEvents(runtime, store.events, stock);
  await subscribeToPurchases(runtime, store.events, store.reviews);
  runtime.own(
    startReservationSweeper(stock, config.RESERVATION_SWEEP_SECONDS * 1000, (error) =>
      log.error({ err: error }, 'reservation sweep failed'),
    ),
  );
  // Load the search index now so the first shopper doesn't pay for it.
  await index.sync();
  options.onReady?.(app);
  return { app, close: runtime.close };
}
