// Admin changes of a SKU's stock beyond receiving it: write-ups and write-downs with a reason,
// counts, and the ledger every change leaves. Each change publishes stock.adjusted from the same
// transaction; one that crosses the low-stock threshold also raises stock.low there (migration
// 0004).
import type { StockChangeResult, StockLedgerPage } from '@emporium/contracts/product';
import { HttpProblem, problems } from '@emporium/platform';
import { productEvent } from '../events/product-events.js';
import type {
  AppliedChange,
  CatalogStore,
  ManualChange,
  StockAdjustment,
  StockRecord,
} from '../repositories/catalog-store.js';
import { LEDGER_CSV_HEADER, ledgerCsvLine } from './ledger-csv.js';
import { toLevel } from './stock-level.js';
import { atKnownLocation } from './stock-locations.js';

interface AdjustmentDeps {
  store: CatalogStore;
  stockMoved: (delta: Map<string, number>, known?: StockRecord[]) => Promise<void>;
  eventsStored: () => void;
}

/** How many ledger rows the CSV export reads per query. */
const CSV_PAGE = 1000;

const adjustedEvents = ({ entry, level }: AppliedChange) => [
  productEvent('stock.adjusted', entry.sku, {
    sku: entry.sku,
    productId: level.productId,
    kind: entry.kind === 'count' ? 'count' : 'adjustment',
    reason: entry.reason ?? 'other',
    quantity: entry.availableDelta,
    available: entry.availableAfter,
    actor: entry.actor,
    ledgerEntryId: entry.id,
  }),
];

export function createStockAdjustments({ store, stockMoved, eventsStored }: AdjustmentDeps) {
  const result = ({ entry, level }: AppliedChange): StockChangeResult => ({ entry, level: toLevel(level) });

  async function applied(change: AppliedChange): Promise<StockChangeResult> {
    eventsStored();
    await stockMoved(new Map([[change.entry.sku, change.entry.availableDelta]]), [change.level]);
    return result(change);
  }

  async function mustExist(sku: string): Promise<void> {
    if ((await store.stock.levels([sku])).length === 0) throw problems.notFound(`SKU ${sku}`);
  }

  return {
    async adjust(sku: string, adjustment: StockAdjustment): Promise<StockChangeResult> {
      const outcome = await atKnownLocation(() => store.stock.adjust(sku, adjustment, adjustedEvents));
      switch (outcome.outcome) {
        case 'applied':
          return applied(outcome);
        case 'repeated':
          return result(outcome);
        case 'unknown-sku':
          throw problems.notFound(`SKU ${sku}`);
        case 'short':
          throw new HttpProblem(
            409,
            'insufficient-stock',
            'Insufficient stock',
            `Only ${outcome.available} units of ${sku} are available${adjustment.location ? ` at ${adjustment.location}` : ''}; cannot write off ${-adjustment.quantity}.`,
            { available: outcome.available },
          );
        case 'key-reused':
          throw problems.conflict(
            `Idempotency-Key was used for another change of ${sku} (ledger entry ${outcome.entry.id}).`,
            'idempotency-key-reused',
          );
      }
    },

    async count(sku: string, counted: number, change: ManualChange): Promise<StockChangeResult> {
      const outcome = await atKnownLocation(() => store.stock.count(sku, counted, change, adjustedEvents));
      if (!outcome) throw problems.notFound(`SKU ${sku}`);
      return applied(outcome);
    },

    async ledger(sku: string, page: { cursor?: string; limit: number }): Promise<StockLedgerPage> {
      const items = await store.stock.ledger(sku, {
        ...(page.cursor ? { before: page.cursor } : {}),
        limit: page.limit + 1,
      });
      if (items.length === 0 && !page.cursor) await mustExist(sku);
      const more = items.length > page.limit;
      const shown = more ? items.slice(0, page.limit) : items;
      return { items: shown, nextCursor: more ? shown[shown.length - 1]!.id : null };
    },

    /** The whole ledger of a SKU as CSV, newest first, read a page at a time while it is sent. */
    async ledgerCsv(sku: string): Promise<AsyncIterable<string>> {
      const first = await store.stock.ledger(sku, { limit: CSV_PAGE });
      if (first.length === 0) await mustExist(sku);
      return (async function* () {
        yield LEDGER_CSV_HEADER;
        let page = first;
        while (page.length > 0) {
          yield page.map(ledgerCsvLine).join('');
          if (page.length < CSV_PAGE) return;
          page = await store.stock.ledger(sku, { before: page[page.length - 1]!.id, limit: CSV_PAGE });
        }
      })();
    },
  };
}
