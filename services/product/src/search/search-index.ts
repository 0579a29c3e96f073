// The browse/search engine: a lean in-memory copy of the active catalog (tokens, price, category,
// attributes, per-SKU availability) kept in step with the store by catalog generation. Filters,
// relevance, facets and keyset pages are computed here, the same way for both store adapters;
// FerretDB has no $text and fetching a result set's documents from it costs ~0.25 ms each.
import type { FacetCounts, ProductPage, ProductSummary } from '@emporium/contracts/product';
import { imagesOf, type MediaJson } from '../media/media-json.js';
import type { CatalogStore, ProductRecord, StockRecord } from '../repositories/catalog-store.js';
import type { RatingRecord } from '../repositories/review-store.js';
import { toRatingSummary } from '../reviews/review-json.js';
import { type CursorPosition, decodeCursor, encodeCursor } from './cursor.js';
import type { ListingQuery } from './listing-query.js';

interface Entry {
  summary: Omit<ProductSummary, 'inStock' | 'price'>;
  /** The lowest variant price per currency. */
  prices: Record<string, number>;
  status: string;
  categoryPath: string[];
  attributeTokens: Set<string>;
  searchTokens: string[];
  titleTokens: Set<string>;
  brandToken: string;
  skus: string[];
  createdAtMs: number;
}

interface Match {
  entry: Entry;
  key: number;
}

// Where a product not sold in the listing's currency sorts by price: after every priced one.
const UNPRICED_LAST = Number.MAX_SAFE_INTEGER;

// Rows written just before a sync may commit just after it; re-reading a short overlap catches them.
const SYNC_OVERLAP_MS = 5000;

function toEntry(product: ProductRecord, mediaJson: MediaJson): Entry {
  const [first] = imagesOf(product.media).product;
  // An uploaded image wins; a URL entered by hand is the picture only of a product without one.
  const picture = first
    ? { media: mediaJson.toMediaRef(first) }
    : product.images[0]
      ? { image: product.images[0] }
      : {};
  return {
    summary: {
      id: product.id,
      slug: product.slug,
      title: product.title,
      brand: product.brand,
      ...picture,
      category: product.category,
    },
    prices: product.priceMin,
    status: product.status,
    categoryPath: product.categoryPath,
    attributeTokens: new Set(product.attributeTokens),
    searchTokens: product.searchTokens,
    titleTokens: new Set(product.titleTokens),
    brandToken: product.brand.toLowerCase(),
    skus: product.variants.map((variant) => variant.sku),
    createdAtMs: Date.parse(product.createdAt),
  };
}

function priceOf(entry: Entry, currency: string): ProductSummary['price'] {
  const amount = entry.prices[currency];
  return amount === undefined ? null : { amount, currency };
}

/** Higher is better; 0 means some word matched nothing. */
function relevance(entry: Entry, words: string[]): number {
  let score = 0;
  for (const word of words) {
    let best = 0;
    if (entry.titleTokens.has(word)) best = 6;
    else if (entry.brandToken === word) best = 5;
    for (const token of entry.searchTokens) {
      if (best >= 4) break;
      if (token === word) best = Math.max(best, 3);
      else if (token.startsWith(word)) best = Math.max(best, entry.titleTokens.has(token) ? 4 : 1);
    }
    if (best === 0) return 0;
    score += best;
  }
  return score;
}

function count(map: Map<string, number>, value: string): void {
  map.set(value, (map.get(value) ?? 0) + 1);
}

const countsOf = (map: Map<string, number>): FacetCounts => Object.fromEntries(map);

export interface SearchIndex {
  /**
   * Brings the index up to date with the store unless it already reflects `generation`.
   * Without a generation (cache unreachable) it syncs at most once a second. Calls share a sync.
   */
  sync(generation?: number): Promise<void>;
  search(query: ListingQuery): ProductPage;
  readonly size: number;
}

export function createSearchIndex(store: CatalogStore, mediaJson: MediaJson): SearchIndex {
  const entries = new Map<string, Entry>();
  const available = new Map<string, number>();
  const ratings = new Map<string, ProductSummary['rating']>();
  let productMark: string | undefined;
  let stockMark: string | undefined;
  let ratingMark: string | undefined;
  let syncing: Promise<void> | undefined;
  let syncedGeneration: number | undefined;
  let syncedAt = 0;

  const inStock = (entry: Entry) => entry.skus.some((sku) => (available.get(sku) ?? 0) > 0);
  const markOf = (latest: string | undefined, previous: string | undefined) => {
    if (!latest) return previous;
    return new Date(Date.parse(latest) - SYNC_OVERLAP_MS).toISOString();
  };
  const latest = (rows: { updatedAt: string }[]) =>
    rows.reduce<string | undefined>(
      (max, row) => (!max || row.updatedAt > max ? row.updatedAt : max),
      undefined,
    );

  async function runSync(): Promise<void> {
    const [products, stock, rated]: [ProductRecord[], StockRecord[], RatingRecord[]] = await Promise.all([
      store.products.changedSince(productMark),
      store.stock.changedSince(stockMark),
      store.reviews.ratingsChangedSince(ratingMark),
    ]);
    for (const product of products) entries.set(product.id, toEntry(product, mediaJson));
    for (const level of stock) available.set(level.sku, level.available);
    for (const rating of rated) ratings.set(rating.productId, toRatingSummary(rating));
    productMark = markOf(latest(products), productMark);
    stockMark = markOf(latest(stock), stockMark);
    ratingMark = markOf(latest(rated), ratingMark);
  }

  function matches(query: ListingQuery, entry: Entry): number | undefined {
    if (entry.status !== 'active') return undefined;
    if (query.category && !entry.categoryPath.includes(query.category)) return undefined;
    const price = entry.prices[query.currency];
    const filtered = query.minPrice !== undefined || query.maxPrice !== undefined;
    if (filtered && price === undefined) return undefined;
    if (query.minPrice !== undefined && price! < query.minPrice) return undefined;
    if (query.maxPrice !== undefined && price! > query.maxPrice) return undefined;
    for (const [name, values] of Object.entries(query.attributes)) {
      if (!values.some((value) => entry.attributeTokens.has(`${name}=${value}`))) return undefined;
    }
    if (query.inStock && !inStock(entry)) return undefined;
    if (query.words.length === 0) return 0;
    const score = relevance(entry, query.words);
    return score > 0 ? score : undefined;
  }

  function sortKey(query: ListingQuery, entry: Entry, score: number): number {
    const price = entry.prices[query.currency];
    switch (query.sort) {
      case 'price_asc':
        return price ?? UNPRICED_LAST;
      case 'price_desc':
        return price === undefined ? UNPRICED_LAST : -price;
      case 'newest':
        return -entry.createdAtMs;
      case 'relevance':
        return -score;
    }
  }

  // Ascending by key, then id: a total order, so a cursor names one exact place in it.
  const compare = (a: { key: number; id: string }, b: { key: number; id: string }) =>
    a.key - b.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  return {
    get size() {
      return entries.size;
    },
    async sync(generation) {
      if (generation !== undefined && generation === syncedGeneration) return;
      if (generation === undefined && Date.now() - syncedAt < 1000) return;
      // A sync already running may have started before this generation's write: run another.
      while (syncing) await syncing;
      if (generation !== undefined && generation === syncedGeneration) return;
      const started = Date.now();
      syncing = runSync()
        .then(() => {
          syncedGeneration = generation;
          syncedAt = started;
        })
        .finally(() => {
          syncing = undefined;
        });
      await syncing;
    },
    search(query) {
      const after: CursorPosition | undefined = query.cursor
        ? decodeCursor(query.cursor, query.sort)
        : undefined;
      const found: Match[] = [];
      const categories = new Map<string, number>();
      const brands = new Map<string, number>();
      const attributes = new Map<string, Map<string, number>>();
      let priceMin = Number.POSITIVE_INFINITY;
      let priceMax = 0;
      let inStockCount = 0;
      for (const entry of entries.values()) {
        const score = matches(query, entry);
        if (score === undefined) continue;
        found.push({ entry, key: sortKey(query, entry, score) });
        for (const category of entry.categoryPath) count(categories, category);
        count(brands, entry.summary.brand);
        for (const token of entry.attributeTokens) {
          const [name = '', value = ''] = token.split('=', 2);
          if (!attributes.has(name)) attributes.set(name, new Map());
          count(attributes.get(name)!, value);
        }
        const price = entry.prices[query.currency];
        if (price !== undefined) {
          priceMin = Math.min(priceMin, price);
          priceMax = Math.max(priceMax, price);
        }
        if (inStock(entry)) inStockCount += 1;
      }
      found.sort((a, b) =>
        compare({ key: a.key, id: a.entry.summary.id }, { key: b.key, id: b.entry.summary.id }),
      );
      const start = after
        ? found.findIndex((match) => compare({ key: match.key, id: match.entry.summary.id }, after) > 0)
        : 0;
      const page = start < 0 ? [] : found.slice(start, start + query.limit);
      const last = page.at(-1);
      const hasMore = start >= 0 && start + query.limit < found.length;
      return {
        items: page.map(({ entry }) => {
          const rating = ratings.get(entry.summary.id);
          return {
            ...entry.summary,
            price: priceOf(entry, query.currency),
            inStock: inStock(entry),
            ...(rating ? { rating } : {}),
          };
        }),
        facets: {
          categories: countsOf(categories),
          brands: countsOf(brands),
          attributes: Object.fromEntries(
            [...attributes].sort().map(([name, values]) => [name, countsOf(values)]),
          ),
          price: { min: Number.isFinite(priceMin) ? priceMin : 0, max: priceMax },
          inStock: inStockCount,
        },
        total: found.length,
        nextCursor:
          hasMore && last
            ? encodeCursor({ sort: query.sort, key: last.key, id: last.entry.summary.id })
            : null,
        mediaBase: mediaJson.base,
      };
    },
  };
}
