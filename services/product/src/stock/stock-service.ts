// Stock use cases: the reservation API the checkout saga calls, admin restock, the low-stock
// list and the sweeper's expiry; admin adjustments, counts and the ledger in
// stock-adjustments.ts, locations and transfers in stock-locations.ts. Events go out through the store's outbox with the outcome.
import type { InternalVariant, ReservationLine, StockLevel } from '@emporium/contracts/product';
import { HttpProblem, problems } from '@emporium/platform';
import type { CatalogCache } from '../cache/catalog-cache.js';
import { productEvent } from '../events/product-events.js';
import type { MediaJson } from '../media/media-json.js';
import type {
  CatalogStore,
  ManualChange,
  ReservationRecord,
  StockRecord,
} from '../repositories/catalog-store.js';
import { createStockAdjustments } from './stock-adjustments.js';
import { toLevel } from './stock-level.js';
import { atKnownLocation, createStockLocations } from './stock-locations.js';

export const DEFAULT_RESERVATION_TTL_SECONDS = 900;

export interface StockDeps {
  store: CatalogStore;
  cache: CatalogCache;
  eventsStored: () => void;
  mediaJson: MediaJson;
}

export const insufficientStock = (record: ReservationRecord) =>
  new HttpProblem(409, 'insufficient-stock', 'Insufficient stock', 'Some lines cannot be reserved.', {
    unavailable: record.unavailable,
  });

const notActive = (reservationId: string, status: string) =>
  new HttpProblem(
    409,
    'reservation-not-active',
    'Reservation not active',
    `Reservation ${reservationId} is ${status}.`,
  );

/** Same SKU twice becomes one line; SKU order makes concurrent reservations take stock in one order. */
export function mergeLines(lines: ReservationLine[]): ReservationLine[] {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.sku, (totals.get(line.sku) ?? 0) + line.quantity);
  return [...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sku, quantity]) => ({ sku, quantity }));
}

export function createStockService({ store, cache, eventsStored, mediaJson }: StockDeps) {
  /**
   * After stock moved by `delta` per SKU: drop the product details that show it, and move
   * listings to a new generation only if a variant crossed zero (in-stock filters and badges
   * changed). `known`: the levels after the move, when the move itself returned them. (stock.low
   * is raised by the database, in the change's own transaction: migration 0004.)
   */
  async function stockMoved(delta: Map<string, number>, known?: StockRecord[]): Promise<void> {
    if (delta.size === 0) return;
    const levels = known ?? (await store.stock.levels([...delta.keys()]));
    let crossedZero = false;
    for (const level of levels) {
      const before = level.available - (delta.get(level.sku) ?? 0);
      if (before > 0 !== level.available > 0) crossedZero = true;
    }
    await cache.changed([...new Set(levels.map((level) => level.slug))], crossedZero);
  }

  const deltaOf = (lines: ReservationLine[], sign: 1 | -1) =>
    new Map(lines.map((line) => [line.sku, sign * line.quantity]));

  async function release(reservationId: string, reason: string): Promise<ReservationRecord> {
    const before = await store.stock.find(reservationId);
    const change =
      reason === 'expired'
        ? ({ kind: 'expiry', actor: 'system', reason } as const)
        : ({ kind: 'release', actor: `order:${reservationId}`, reason } as const);
    const record = await store.stock.release(reservationId, change, (outcome) =>
      outcome.status === 'released'
        ? [productEvent('stock.released', reservationId, { reservationId, reason, lines: outcome.lines })]
        : [],
    );
    if (before?.status === 'reserved' && record.status === 'released') {
      eventsStored();
      await stockMoved(deltaOf(record.lines, 1));
    }
    return record;
  }

  return {
    async variants(skus: string[]): Promise<InternalVariant[]> {
      const levels = await store.stock.levels(skus);
      const products = await store.products.findByIds([...new Set(levels.map((level) => level.productId))]);
      const available = new Map(levels.map((level) => [level.sku, level.available]));
      const variants: InternalVariant[] = [];
      for (const product of products) {
        for (const variant of product.variants) {
          if (!available.has(variant.sku)) continue;
          variants.push({
            sku: variant.sku,
            productId: product.id,
            slug: product.slug,
            title: product.title,
            variantTitle: variant.title,
            prices: variant.prices,
            taxClass: variant.taxClass,
            weightGrams: variant.weightGrams,
            available: available.get(variant.sku)!,
            status: product.status,
            ...mediaJson.lineImage(product, variant.sku),
          });
        }
      }
      const order = new Map(skus.map((sku, i) => [sku, i]));
      return variants.sort((a, b) => (order.get(a.sku) ?? 0) - (order.get(b.sku) ?? 0));
    },

    async reserve(
      reservationId: string,
      lines: ReservationLine[],
      ttlSeconds = DEFAULT_RESERVATION_TTL_SECONDS,
      shipTo?: string,
    ) {
      const merged = mergeLines(lines);
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000).toISOString();
      // Stored only when this call decides the outcome (not for a repeat): record.decided.
      const record = await store.stock.reserve(
        reservationId,
        merged,
        expiresAt,
        (outcome) => [
          outcome.status === 'reserved'
            ? productEvent('stock.reserved', reservationId, { reservationId, lines: outcome.lines })
            : productEvent('stock.rejected', reservationId, {
                reservationId,
                reason: 'insufficient-stock',
                unavailable: outcome.unavailable,
              }),
        ],
        shipTo,
      );
      if (record.decided) {
        eventsStored();
        if (record.status === 'reserved') await stockMoved(deltaOf(record.lines, -1), record.levels);
      }
      if (record.status === 'rejected') throw insufficientStock(record);
      if (record.status !== 'reserved' && record.status !== 'committed')
        throw notActive(reservationId, record.status);
      return { reservationId, status: 'reserved' as const, expiresAt: record.expiresAt };
    },

    async commit(reservationId: string) {
      const record = await store.stock.commit(
        reservationId,
        (outcome) => [
          productEvent('stock.committed', reservationId, { reservationId, lines: outcome.lines }),
        ],
        new Date().toISOString(),
      );
      if (!record) throw problems.notFound(`Reservation ${reservationId}`);
      if (record.status === 'reserved') {
        // Past its expiry: the sweeper would release it; do so now rather than sell held stock late.
        await release(reservationId, 'expired');
        throw notActive(reservationId, 'expired');
      }
      if (record.status !== 'committed') throw notActive(reservationId, record.status);
      // Sold stock leaves `reserved`, not `available`; details show available, so nothing to drop.
      if (record.decided) eventsStored();
      return { reservationId, status: 'committed' as const };
    },

    async release(reservationId: string, reason = 'released') {
      const record = await release(reservationId, reason);
      if (record.status === 'committed') {
        throw new HttpProblem(
          409,
          'reservation-committed',
          'Reservation committed',
          `Reservation ${reservationId} was committed; its stock is sold.`,
        );
      }
      return { reservationId, status: 'released' as const };
    },

    /**
     * An order was cancelled: whatever its reservation holds goes back — held units are released,
     * and sold units of an order cancelled before shipping are restored to the shelf. Idempotent.
     */
    async orderCancelled(reservationId: string): Promise<void> {
      const record = await release(reservationId, 'order-cancelled');
      if (record.status !== 'committed') return;
      let restored = false;
      const after = await store.stock.restore(reservationId, (outcome) => {
        restored = true;
        return [
          productEvent('stock.released', reservationId, {
            reservationId,
            reason: 'order-cancelled',
            lines: outcome.lines,
          }),
        ];
      });
      if (restored && after) {
        eventsStored();
        await stockMoved(deltaOf(after.lines, 1));
      }
    },

    async restock(sku: string, quantity: number, change: ManualChange): Promise<StockLevel> {
      const level = await atKnownLocation(() => store.stock.restock(sku, quantity, change));
      if (!level) throw problems.notFound(`SKU ${sku}`);
      await stockMoved(new Map([[sku, quantity]]));
      return toLevel(level);
    },

    ...createStockAdjustments({ store, stockMoved, eventsStored }),

    ...createStockLocations({ store }),

    async lowStock(limit: number): Promise<StockLevel[]> {
      return (await store.stock.low(limit)).map(toLevel);
    },

    /** Releases reservations past their expiry. */
    async sweep(now = new Date()): Promise<number> {
      const expired = await store.stock.expired(now.toISOString(), 100);
      for (const reservationId of expired) await release(reservationId, 'expired');
      return expired.length;
    },
  };
}

export type StockService = ReturnType<typeof createStockService>;
