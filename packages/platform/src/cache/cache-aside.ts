// Cache-aside with TTL and explicit invalidation. Identical concurrent misses share one load
// (single flight), so a stampede on a cold key costs one database read per process.
import type { Cache } from './cache.js';

export interface CacheAside {
  /** Returns the cached value or loads, caches and returns it. A cache outage falls back to load. */
  get<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T>;
  invalidate(...keys: string[]): Promise<void>;
}

export function createCacheAside(
  cache: Cache,
  onCacheError: (error: unknown) => void = () => {},
): CacheAside {
  const inFlight = new Map<string, Promise<unknown>>();
  // Bumped by invalidate: a load that began before a write must not store what it read.
  const generations = new Map<string, number>();

  async function loadAndStore<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    const generation = generations.get(key) ?? 0;
    const value = await load();
    if (value !== undefined && (generations.get(key) ?? 0) === generation) {
      await cache.set(key, JSON.stringify(value), ttlSeconds).catch(onCacheError);
    }
    return value;
  }

  return {
    async get<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
      const cached = await cache.get(key).catch((error) => {
        onCacheError(error);
        return undefined;
      });
      if (cached !== undefined) return JSON.parse(cached) as T;
      const pending = inFlight.get(key);
      if (pending) return pending as Promise<T>;
      const loading = loadAndStore(key, ttlSeconds, load).finally(() => inFlight.delete(key));
      inFlight.set(key, loading);
      return loading;
    },
    async invalidate(...keys: string[]) {
      for (const key of keys) {
        inFlight.delete(key);
        generations.set(key, (generations.get(key) ?? 0) + 1);
      }
      await cache.delete(...keys);
    },
  };
}
