// The product service's internal API (services/product/README.md, "Internal"): variant prices and
// availability, and stock reservations keyed by the order id.
import type { Money } from '@emporium/contracts';
import type { TaxClass } from '@emporium/contracts/pricing';
import { problems } from '@emporium/platform';
import { callJson, TransientCallError, UnexpectedAnswerError } from './http.js';

export interface Variant {
  sku: string;
  productId: string;
  slug: string;
  title: string;
  variantTitle: string;
  /** One per currency the variant is sold in. */
  prices: Money[];
  taxClass: TaxClass;
  weightGrams: number;
  available: number;
  status: 'draft' | 'active' | 'archived';
  image?: string;
}

/** What a product's public page says of its variants (fields the order service reads). */
export interface ProductVariants {
  title: string;
  status: 'draft' | 'active' | 'archived';
  variants: { sku: string; title: string; price: Money | null; available: number }[];
}

/** The variant's price in `currency`, or undefined when it is not sold in that currency. */
export function priceIn(variant: Variant, currency: string): Money | undefined {
  return variant.prices.find((price) => price.currency === currency);
}

export interface Unavailable {
  sku: string;
  requested: number;
  available: number;
}

export type ReserveOutcome = { reserved: true } | { reserved: false; unavailable: Unavailable[] };

const PROBLEM = 'https://emporium.dev/problems/';

interface CachedVariant {
  expires: number;
  variant: Variant | undefined;
  /** Set while a read is under way: concurrent readers of the same SKU share it. */
  loading?: Promise<void>;
}

const MAX_CACHED_SKUS = 10_000;

/**
 * variantCacheMs: how long a price read may be reused. Concurrent reads of one SKU always share a
 * single call (a hundred shoppers checking out the same item cost the catalog one read); with a
 * TTL above 0, reads within it are reused too. Availability here is only a hint; the
 * reservation decides. internalToken: the shared INTERNAL_TOKEN, sent on every call (the product
 * service refuses /internal/* without it).
 */
export function productClient(
  baseUrl: string,
  timeoutMs: number,
  variantCacheMs = 0,
  internalToken?: string,
) {
  const url = (path: string) => new URL(path, baseUrl).toString();
  const cache = new Map<string, CachedVariant>();

  async function fetchVariants(skus: string[]): Promise<Map<string, Variant>> {
    const found = new Map<string, Variant>();
    for (let i = 0; i < skus.length; i += 100) {
      const batch = skus.slice(i, i + 100);
      const answer = await callJson<{ variants: Variant[] }>({
        method: 'GET',
        url: url(`/internal/variants?skus=${batch.map(encodeURIComponent).join(',')}`),
        timeoutMs,
        internalToken,
      });
      if (answer.status !== 200) throw new UnexpectedAnswerError('product variants', answer);
      for (const variant of answer.body.variants) found.set(variant.sku, variant);
    }
    return found;
  }

  return {
    /**
     * The variants of the product `slug` as the catalog sells them in `currency` (price null where
     * it does not), from its public product page; undefined when there is no such product.
     */
    async productVariants(slug: string, currency: string): Promise<ProductVariants | undefined> {
      const answer = await callJson<ProductVariants>({
        method: 'GET',
        url: url(`/products/${encodeURIComponent(slug)}?currency=${encodeURIComponent(currency)}`),
        timeoutMs,
      });
      if (answer.status === 404) return undefined;
      if (answer.status !== 200) throw new UnexpectedAnswerError('product page', answer);
      return answer.body;
    },

    /** Current price and availability per SKU; unknown SKUs are absent. 503 if the catalog is silent. */
    async variants(skus: string[]): Promise<Map<string, Variant>> {
      const now = Date.now();
      const stale = [...new Set(skus)].filter((sku) => {
        const entry = cache.get(sku);
        return !entry || (!entry.loading && entry.expires <= now);
      });
      if (stale.length > 0) {
        if (cache.size > MAX_CACHED_SKUS) cache.clear();
        // Live entries past half their life ride along (one call holds up to 100 SKUs): a shop
        // checking out many SKUs refreshes them in a few shared reads instead of one each.
        for (const [sku, entry] of cache) {
          if (stale.length >= 100) break;
          const left = entry.expires - now;
          if (!entry.loading && left > 0 && left < variantCacheMs / 2 && !stale.includes(sku)) {
            stale.push(sku);
          }
        }
        const loading = fetchVariants(stale).then(
          (found) => {
            const expires = Date.now() + variantCacheMs;
            for (const sku of stale) cache.set(sku, { expires, variant: found.get(sku) });
          },
          (error) => {
            for (const sku of stale) cache.delete(sku);
            throw error;
          },
        );
        for (const sku of stale) cache.set(sku, { expires: 0, variant: undefined, loading });
      }
      const pending = new Set(skus.map((sku) => cache.get(sku)?.loading).filter((p) => p !== undefined));
      try {
        await Promise.all(pending);
      } catch (error) {
        if (error instanceof TransientCallError) {
          throw problems.unavailable(
            'The catalog did not answer in time; please try again.',
            'catalog-unavailable',
          );
        }
        throw error;
      }
      const found = new Map<string, Variant>();
      for (const sku of skus) {
        const variant = cache.get(sku)?.variant;
        if (variant) found.set(sku, variant);
      }
      return found;
    },

    async reserve(
      reservationId: string,
      lines: { sku: string; quantity: number }[],
      ttlSeconds: number,
      /** The shipping country: the product service takes units from locations that ship there. */
      shipTo?: string,
    ): Promise<ReserveOutcome> {
      const answer = await callJson<{ type?: string; unavailable?: Unavailable[] }>({
        method: 'PUT',
        url: url(`/internal/reservations/${reservationId}`),
        body: { lines, ttlSeconds, ...(shipTo ? { shipTo } : {}) },
        timeoutMs,
        internalToken,
      });
      if (answer.status === 200) return { reserved: true };
      if (answer.status === 409 && answer.body.type === `${PROBLEM}insufficient-stock`) {
        return { reserved: false, unavailable: answer.body.unavailable ?? [] };
      }
      throw new UnexpectedAnswerError('stock reservation', answer);
    },

    /** false when the reservation is no longer active (released or expired). */
    async commit(reservationId: string): Promise<boolean> {
      const answer = await callJson<{ type?: string }>({
        method: 'POST',
        url: url(`/internal/reservations/${reservationId}/commit`),
        timeoutMs,
        internalToken,
      });
      if (answer.status === 200) return true;
      if (answer.status === 409 && answer.body.type === `${PROBLEM}reservation-not-active`) return false;
      throw new UnexpectedAnswerError('reservation commit', answer);
    },

    /** Puts returned units back into stock; the key makes a retry add them once. */
    async restockReturn(
      sku: string,
      quantity: number,
      ids: { orderId: string; returnId: string },
    ): Promise<void> {
      const answer = await callJson({
        method: 'POST',
        url: url(`/internal/stock/${encodeURIComponent(sku)}/returns`),
        body: { quantity, ...ids },
        idempotencyKey: `return:${ids.returnId}:${sku}`,
        timeoutMs,
        internalToken,
      });
      if (answer.status !== 200) throw new UnexpectedAnswerError('returned stock', answer);
    },

    async release(reservationId: string): Promise<void> {
      const answer = await callJson({
        method: 'POST',
        url: url(`/internal/reservations/${reservationId}/release`),
        timeoutMs,
        internalToken,
      });
      if (answer.status !== 200) throw new UnexpectedAnswerError('reservation release', answer);
    },
  };
}

export type ProductClient = ReturnType<typeof productClient>;
