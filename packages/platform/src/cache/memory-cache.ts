import type { Cache } from './cache.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/** In-process cache for the embedded mode; bounded so a long run can't grow without limit. */
export function createMemoryCache(maxEntries = 50_000, now: () => number = Date.now): Cache {
  const entries = new Map<string, Entry>();
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const store = (key: string, entry: Entry) => {
    entries.delete(key);
    entries.set(key, entry);
    // Map keeps insertion order, so the first key is the least recently written.
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  };
  return {
    async get(key) {
      return live(key)?.value;
    },
    async getMany(keys) {
      return keys.map((key) => live(key)?.value);
    },
    async set(key, value, ttlSeconds) {
      store(key, { value, expiresAt: now() + ttlSeconds * 1000 });
    },
    async delete(...keys) {
      for (const key of keys) entries.delete(key);
    },
    async increment(key, ttlSeconds) {
      const entry = live(key);
      const count = (entry ? Number(entry.value) : 0) + 1;
      store(key, { value: String(count), expiresAt: entry?.expiresAt ?? now() + ttlSeconds * 1000 });
      return count;
    },
    async ping() {},
    async close() {
      entries.clear();
    },
  };
}
