// Product documents by id, kept in this process while the catalog has not changed. Every cart line
// priced and every checkout placed asks for its products' current documents
// (GET /internal/variants); a shop sells the same products over and over, and each read from
// MongoDB costs more CPU than the rest of the lookup. Only findByIds is served from here: the
// admin and storefront reads keep theirs.
//
// A kept document is reused only while the catalog generation it was read under is current. Every
// product write bumps the generation in the shared cache (catalog-cache.ts) after it commits, so a
// write on any replica retires every kept document at once. The generation is read before the
// documents: a document kept under generation g was read after g began. When the generation cannot
// be read (the cache is down) nothing is kept. `maxAgeMs` bounds the rest (a bump lost to a cache
// outage).
import type { ProductRecord, ProductStore } from './catalog-store.js';

/** Enough for a large catalog's hot set; the oldest entries go first when it is full. */
const MAX_ENTRIES = 10_000;

export interface RecentReadOptions {
  maxAgeMs: number;
  /** The catalog generation now, or undefined when it cannot be known. */
  generation(): Promise<number | undefined>;
  now?: () => number;
}

export function withRecentProductReads(products: ProductStore, options: RecentReadOptions): ProductStore {
  const { maxAgeMs, generation, now = Date.now } = options;
  if (maxAgeMs <= 0) return products;
  const recent = new Map<string, { record: ProductRecord; generation: number; readAt: number }>();

  function remember(records: ProductRecord[], current: number, readAt: number) {
    for (const record of records) {
      recent.delete(record.id);
      recent.set(record.id, { record, generation: current, readAt });
    }
    for (const id of recent.keys()) {
      if (recent.size <= MAX_ENTRIES) break;
      recent.delete(id);
    }
  }

  return {
    ...products,
    async findByIds(ids) {
      const current = await generation();
      if (current === undefined) return products.findByIds(ids);
      const readAt = now();
      const found: ProductRecord[] = [];
      const missing: string[] = [];
      for (const id of ids) {
        const kept = recent.get(id);
        if (kept && kept.generation === current && readAt - kept.readAt < maxAgeMs) found.push(kept.record);
        else missing.push(id);
      }
      if (missing.length === 0) return found;
      const loaded = await products.findByIds(missing);
      remember(loaded, current, readAt);
      return [...found, ...loaded];
    },
  };
}
