// Cache-aside for what shoppers read most: product detail per slug and currency, and listing pages keyed by
// the normalised query plus a catalog generation that every write bumps (one increment
// invalidates every listing). Values are the JSON the route sends, so a hit is never re-encoded.
// Identical concurrent misses share one load per process.
import { SUPPORTED_CURRENCIES } from '@emporium/contracts/currencies';
import type { Cache } from '@emporium/platform';

const GENERATION_KEY = 'catalog:generation';
const GENERATION_TTL_SECONDS = 30 * 24 * 3600;
export const DETAIL_TTL_SECONDS = 300;
export const LISTING_TTL_SECONDS = 60;

const detailKey = (slug: string, currency: string) => `product:${slug}:${currency}`;
// Listing pages are cached as sent, so their key names the JSON shape: during a rollout, replicas
// of two versions never serve each other's pages (an older page has no `mediaBase`). Bump it when
// the listing's shape changes.
const LISTING_SHAPE = 'lean1';

export interface CatalogCache {
  detail(
    slug: string,
    currency: string,
    load: () => Promise<string | undefined>,
  ): Promise<string | undefined>;
  listing(key: string, generation: number, load: () => Promise<string>): Promise<string>;
  /** The current catalog generation, or undefined when the cache is unreachable. */
  generation(): Promise<number | undefined>;
  /** Call after a write commits: drops the details and moves listings to a new generation. */
  changed(slugs: string[], listings: boolean): Promise<void>;
}

export function createCatalogCache(cache: Cache, onError: (error: unknown) => void): CatalogCache {
  const inFlight = new Map<string, Promise<string | undefined>>();
  // Bumped when a key is invalidated: a load that began before the write must not store its read.
  const epochs = new Map<string, number>();

  async function cached<T extends string | undefined>(key: string, ttl: number, load: () => Promise<T>) {
    const hit = await cache.get(key).catch((error) => {
      onError(error);
      return undefined;
    });
    if (hit !== undefined) return hit as T;
    const pending = inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const epoch = epochs.get(key) ?? 0;
    const loading = load()
      .then(async (value) => {
        if (value !== undefined && (epochs.get(key) ?? 0) === epoch) {
          await cache.set(key, value, ttl).catch(onError);
        }
        return value;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, loading);
    return loading;
  }

  return {
    detail: (slug, currency, load) => cached(detailKey(slug, currency), DETAIL_TTL_SECONDS, load),
    listing: (key, generation, load) =>
      cached(`products:${LISTING_SHAPE}:${generation}:${key}`, LISTING_TTL_SECONDS, load),
    async generation() {
      try {
        return Number((await cache.get(GENERATION_KEY)) ?? 0);
      } catch (error) {
        onError(error);
        return undefined;
      }
    },
    async changed(slugs, listings) {
      // A detail is cached per currency it was asked in; a change drops every one of them.
      const keys = slugs.flatMap((slug) => SUPPORTED_CURRENCIES.map((currency) => detailKey(slug, currency)));
      for (const key of keys) {
        inFlight.delete(key);
        epochs.set(key, (epochs.get(key) ?? 0) + 1);
      }
      await Promise.all([
        keys.length > 0 ? cache.delete(...keys) : undefined,
        listings ? cache.increment(GENERATION_KEY, GENERATION_TTL_SECONDS) : undefined,
      ]).catch(onError);
    },
  };
}
