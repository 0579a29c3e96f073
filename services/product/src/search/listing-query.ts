// A browse/search request, validated and normalised: equal requests get equal cache keys.
import { DEFAULT_CATALOG_CURRENCY, type SortOrder } from '@emporium/contracts/product';
import { problems } from '@emporium/platform';
import { tokenize } from './tokens.js';

export interface ListingQuery {
  words: string[];
  /** Prices, price filters and price sorting are in it. */
  currency: string;
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  /** attribute → accepted values (any of them); attributes are all required. */
  attributes: Record<string, string[]>;
  inStock: boolean;
  sort: SortOrder;
  limit: number;
  cursor?: string;
}

export interface RawListingQuery {
  q?: string;
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  sort?: SortOrder;
  limit?: number;
  cursor?: string;
  currency?: string;
  [attributeFilter: `attr.${string}`]: string | undefined;
}

export const DEFAULT_PAGE_SIZE = 24;

export function normaliseListingQuery(raw: RawListingQuery): ListingQuery {
  if (raw.minPrice !== undefined && raw.maxPrice !== undefined && raw.minPrice > raw.maxPrice) {
    throw problems.validation([{ field: 'querystring.minPrice', message: 'must not exceed maxPrice' }]);
  }
  const words = tokenize(raw.q ?? '').slice(0, 10);
  const attributes: Record<string, string[]> = {};
  for (const name of Object.keys(raw).sort()) {
    if (!name.startsWith('attr.')) continue;
    const values = String(raw[name as `attr.${string}`])
      .split(',')
      .map((value) => value.trim().toLowerCase())
      .filter(Boolean);
    if (values.length > 0) attributes[name.slice(5)] = [...new Set(values)].sort();
  }
  return {
    words,
    currency: raw.currency ?? DEFAULT_CATALOG_CURRENCY,
    ...(raw.category ? { category: raw.category } : {}),
    ...(raw.minPrice !== undefined ? { minPrice: raw.minPrice } : {}),
    ...(raw.maxPrice !== undefined ? { maxPrice: raw.maxPrice } : {}),
    attributes,
    inStock: raw.inStock ?? false,
    sort: raw.sort ?? (words.length > 0 ? 'relevance' : 'newest'),
    limit: raw.limit ?? DEFAULT_PAGE_SIZE,
    ...(raw.cursor ? { cursor: raw.cursor } : {}),
  };
}

export function listingCacheKey(query: ListingQuery): string {
  return JSON.stringify(query);
}
