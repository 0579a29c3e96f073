// Browsing: the category tree, search/browse with filters and facets, and a product by slug.
import { type Transport, unwrap } from './http.js';
import type { CatalogCurrency, ListingPage, ProductPage, SortOrder } from './types.js';

export interface ProductQuery {
  q?: string;
  category?: string;
  /** Minor units, against a product's lowest variant price. */
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  sort?: SortOrder;
  limit?: number;
  cursor?: string;
  /** The shopper's currency (their region's): prices and price filters are in it. Default USD. */
  currency?: string;
  /** Attribute filters: any of the values of each named attribute, e.g. `{ colour: ['red'] }`. */
  attributes?: Record<string, string[]>;
}

/** The product service's query string: attribute filters travel as `attr.<name>=v1,v2`. */
export function listingParams(query: ProductQuery): Record<string, string | number | boolean> {
  const { attributes = {}, ...plain } = query;
  const params: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(plain)) {
    if (value !== undefined && value !== '') params[key] = value;
  }
  for (const [name, values] of Object.entries(attributes)) {
    if (values.length > 0) params[`attr.${name}`] = values.join(',');
  }
  return params;
}

/**
 * The wire names the media base once per page (it keeps a listing small); each image gets it
 * copied beside it here, so a card or list row can build its URLs from the item alone.
 */
export function withMediaBase(page: ProductPage): ListingPage {
  return {
    ...page,
    items: page.items.map(({ media, ...item }) =>
      media ? { ...item, media: { ...media, base: page.mediaBase } } : item,
    ),
  };
}

export function catalogEndpoints({ rest }: Transport) {
  return {
    categories: async (signal?: AbortSignal) =>
      (await unwrap(rest.GET('/api/v1/categories', { signal }))).categories,
    search: async (query: ProductQuery, signal?: AbortSignal) =>
      withMediaBase(
        // attr.* keys are pattern properties the generated query type cannot name.
        await unwrap(
          rest.GET('/api/v1/products', { params: { query: listingParams(query) as never }, signal }),
        ),
      ),
    /** A product with each variant's price in `currency` (null where it is not sold in it). */
    product: (slug: string, signal?: AbortSignal, currency?: string) =>
      unwrap(
        rest.GET('/api/v1/products/{slug}', {
          params: {
            path: { slug },
            ...(currency ? { query: { currency: currency as CatalogCurrency } } : {}),
          },
          signal,
        }),
      ),
    /**
     * The shopper's price list prices of these SKUs in `currency` (their groups' when signed in):
     * one unit's and the lower ones from more units on. Shown only below the catalog price.
     */
    prices: async (skus: string[], currency: string, signal?: AbortSignal) =>
      (
        await unwrap(
          rest.GET('/api/v1/prices', { params: { query: { skus: skus.join(','), currency } }, signal }),
        )
      ).prices,
    /** The regions the shop sells in; with a country, the one that sells there (or none). */
    regions: async (country?: string, signal?: AbortSignal) =>
      (await unwrap(rest.GET('/api/v1/regions', { params: { query: country ? { country } : {} }, signal })))
        .regions,
    /** The shipping options a shopper can choose in a region (their code is the shipping method). */
    shippingOptions: async (regionId: string, signal?: AbortSignal) =>
      (
        await unwrap(
          rest.GET('/api/v1/regions/{regionId}/shipping-options', { params: { path: { regionId } }, signal }),
        )
      ).shippingOptions,
  };
}
