// The stock ledger in SQL (migration 0003): admin adjustments and counts, which write their
// ledger row through the stock row's trigger like every other change, and reads of the ledger.
// Adjustments are not on the checkout path: each is a short transaction that reads back the
// row its update wrote (still under the stock row's lock) to build its event.
import type { StockLedgerEntry } from '@emporium/contracts/product';
import type { SqlDatabase, SqlExecutor } from '@emporium/platform';
import type {
  AdjustmentOutcome,
  AppliedChange,
  EventsFor,
  LedgerContext,
  ManualChange,
  StockAdjustment,
  StockRecord,
} from '../catalog-store.js';
import { insertEvents } from './sql-events.js';
import { isUniqueViolation, STOCK_COLUMNS, type StockRow, toStock } from './sql-stock-rows.js';

export interface LedgerRow {
  id: string;
  sku: string;
  kind: StockLedgerEntry['kind'];
  available_delta: number;
  reserved_delta: number;
  available_before: number;
  available_after: number;
  reserved_before: number;
  reserved_after: number;
  actor: string;
  reason: string | null;
  note: string | null;
  reference: string | null;
  at: string;
}

const LEDGER_COLUMNS = `id::text as id, sku, kind, available_delta, reserved_delta, available_before,
  available_after, reserved_before, reserved_after, actor, reason, note, reference, at`;

export const toLedgerEntry = (row: LedgerRow): StockLedgerEntry => ({
  id: row.id,
  sku: row.sku,
  kind: row.kind,
  availableDelta: row.available_delta,
  reservedDelta: row.reserved_delta,
  availableBefore: row.available_before,
  availableAfter: row.available_after,
  reservedBefore: row.reserved_before,
  reservedAfter: row.reserved_after,
  actor: row.actor,
  reason: row.reason,
  note: row.note,
  reference: row.reference,
  at: row.at,
});

/** The value of `stock.ledger_entry` that makes the change's ledger row say this. */
export const ledgerEntryJson = (context: LedgerContext) => JSON.stringify(context);

const now = () => new Date().toISOString();

/** The row the change just wrote: the newest of the SKU, whose stock row this transaction holds. */
async function latestEntry(tx: SqlExecutor, sku: string): Promise<StockLedgerEntry> {
  const { rows } = await tx.query<LedgerRow>(
    `select ${LEDGER_COLUMNS} from stock_ledger where sku = $1 order by stock_ledger.id desc limit 1`,
    [sku],
  );
  return toLedgerEntry(rows[0]!);
}

async function entryByKey(db: SqlExecutor, sku: string, key: string) {
  const { rows } = await db.query<LedgerRow>(
    `select ${LEDGER_COLUMNS} from stock_ledger where sku = $1 and idempotency_key = $2`,
    [sku, key],
  );
  return rows[0] ? toLedgerEntry(rows[0]) : undefined;
}

async function levelOf(db: SqlExecutor, sku: string): Promise<StockRecord | undefined> {
  const { rows } = await db.query<StockRow>(`select ${STOCK_COLUMNS} from stock where sku = $1`, [sku]);
  return rows[0] ? toStock(rows[0]) : undefined;
}

/** What a stored entry says about a retry with the same key: the same change, or another. */
async function replayed(db: SqlExecutor, entry: StockLedgerEntry, adjustment: StockAdjustment) {
  const same =
    entry.kind === 'adjustment' &&
    entry.availableDelta === adjustment.quantity &&
    entry.reason === adjustment.reason &&
    entry.note === (adjustment.note ?? null);
  if (!same) return { outcome: 'key-reused' as const, entry };
  return { outcome: 'repeated' as const, entry, level: (await levelOf(db, entry.sku))! };
}

/** Changes available by `delta` (or to `counted`) with the ledger context; the change as stored. */
async function moveAvailable(
  tx: SqlExecutor,
  sku: string,
  set: { delta: number } | { counted: number },
  context: LedgerContext,
  events: EventsFor<AppliedChange>,
): Promise<AppliedChange | undefined> {
  const { rows } = await tx.query<StockRow>(
    'delta' in set
      ? `update stock set available = available + $2, ledger_entry = $3::jsonb, updated_at = $4
         where sku = $1 and available + $2 >= 0 returning ${STOCK_COLUMNS}`
      : `update stock set available = $2, ledger_entry = $3::jsonb, updated_at = $4
         where sku = $1 returning ${STOCK_COLUMNS}`,
    [sku, 'delta' in set ? set.delta : set.counted, ledgerEntryJson(context), now()],
  );
  if (!rows[0]) return undefined;
  const applied = { entry: await latestEntry(tx, sku), level: toStock(rows[0]) };
  await insertEvents(tx, events(applied));
  return applied;
}

export async function adjustStock(
  db: SqlDatabase,
  sku: string,
  adjustment: StockAdjustment,
  events: EventsFor<AppliedChange>,
): Promise<AdjustmentOutcome> {
  const { quantity, reason, idempotencyKey, ...change } = adjustment;
  if (idempotencyKey) {
    const earlier = await entryByKey(db, sku, idempotencyKey);
    if (earlier) return replayed(db, earlier, adjustment);
  }
  try {
    return await db.transaction(async (tx) => {
      const context: LedgerContext = {
        kind: 'adjustment',
        reason,
        ...change,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      };
      const applied = await moveAvailable(tx, sku, { delta: quantity }, context, events);
      if (applied) return { outcome: 'applied' as const, ...applied };
      const level = await levelOf(tx, sku);
      return level
        ? { outcome: 'short' as const, available: level.available }
        : { outcome: 'unknown-sku' as const };
    });
  } catch (error) {
    // The same key, sent twice at once: the other request's change committed first.
    if (!idempotencyKey || !isUniqueViolation(error)) throw error;
    return replayed(db, (await entryByKey(db, sku, idempotencyKey))!, adjustment);
  }
}

export function countStock(
  db: SqlDatabase,
  sku: string,
  counted: number,
  change: ManualChange,
  events: EventsFor<AppliedChange>,
): Promise<AppliedChange | undefined> {
  return db.transaction((tx) =>
    moveAvailable(tx, sku, { counted }, { kind: 'count', reason: 'recount', ...change }, events),
  );
}

export async function readLedger(
  db: SqlExecutor,
  sku: string,
  page: { before?: string; limit: number },
): Promise<StockLedgerEntry[]> {
  const { rows } = await db.query<LedgerRow>(
    page.before
      ? `select ${LEDGER_COLUMNS} from stock_ledger where sku = $1 and id < $3::bigint order by stock_ledger.id desc limit $2`
      : `select ${LEDGER_COLUMNS} from stock_ledger where sku = $1 order by stock_ledger.id desc limit $2`,
    page.before ? [sku, page.limit, page.before] : [sku, page.limit],
  );
  return rows.map(toLedgerEntry);
}
