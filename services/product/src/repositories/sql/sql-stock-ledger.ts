// The stock ledger in SQL (migration 0003): admin adjustments and counts, which write their
// ledger row through the location row's trigger like every other change (migration 0004), and
// reads of the ledger.
// Adjustments are not on the checkout path: each is a short transaction that reads back the
// row its update wrote (still under the stock row's lock) to build its event.
import type { StockLedgerEntry } from '@emporium/contracts/product';
import { type SqlDatabase, type SqlExecutor, sql } from '@emporium/platform';
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
import { defaultLocation, lockSkuAt } from './sql-location-lock.js';
import { isUniqueViolation, STOCK_COLUMNS, type StockRow, toStock } from './sql-stock-rows.js';

export interface LedgerRow {
  id: string;
  sku: string;
  location: string;
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

export const LEDGER_COLUMNS = sql.raw(`id::text as id, sku, location, kind, available_delta, reserved_delta,
  available_before, available_after, reserved_before, reserved_after, actor, reason, note, reference, at`);

export const toLedgerEntry = (row: LedgerRow): StockLedgerEntry => ({
  id: row.id,
  sku: row.sku,
  location: row.location,
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

/**
 * The `count` rows the change just wrote, oldest first: the newest of the SKU, whose stock row
 * this transaction holds.
 */
export async function latestEntries(
  tx: SqlExecutor,
  sku: string,
  count: number,
): Promise<StockLedgerEntry[]> {
  const { rows } = await tx.query<LedgerRow>(
    sql`select ${LEDGER_COLUMNS} from stock_ledger where sku = ${sku} order by stock_ledger.id desc limit ${count}`,
  );
  return rows.map(toLedgerEntry).reverse();
}

export async function entryByKey(
  db: SqlExecutor,
  sku: string,
  key: string,
): Promise<StockLedgerEntry | undefined> {
  const { rows } = await db.query<LedgerRow>(
    sql`select ${LEDGER_COLUMNS} from stock_ledger where sku = ${sku} and idempotency_key = ${key}`,
  );
  return rows[0] ? toLedgerEntry(rows[0]) : undefined;
}

async function levelOf(db: SqlExecutor, sku: string): Promise<StockRecord | undefined> {
  const { rows } = await db.query<StockRow>(sql`select ${STOCK_COLUMNS} from stock where sku = ${sku}`);
  return rows[0] ? toStock(rows[0]) : undefined;
}

/** Units available of the SKU at the location; 0 where it has never been. */
async function availableAt(tx: SqlExecutor, sku: string, location: string): Promise<number> {
  const { rows } = await tx.query<{ available: number }>(
    sql`select available from location_stock where sku = ${sku} and location = ${location}`,
  );
  return rows[0]?.available ?? 0;
}

/** What a stored entry says about a retry with the same key: the same change, or another. */
async function replayed(db: SqlExecutor, entry: StockLedgerEntry, adjustment: StockAdjustment) {
  const same =
    entry.kind === (adjustment.kind ?? 'adjustment') &&
    entry.reference === (adjustment.reference ?? null) &&
    (adjustment.location === undefined || entry.location === adjustment.location) &&
    entry.availableDelta === adjustment.quantity &&
    entry.reason === adjustment.reason &&
    entry.note === (adjustment.note ?? null);
  if (!same) return { outcome: 'key-reused' as const, entry };
  return { outcome: 'repeated' as const, entry, level: (await levelOf(db, entry.sku))! };
}

/**
 * Changes available at the change's location by `delta` (or to `counted`) with the ledger
 * context; the change as stored, 'short' when a write-off would go below zero, undefined for an
 * unknown SKU. Throws UnknownLocationError for an unknown location.
 */
async function moveAvailable(
  tx: SqlExecutor,
  sku: string,
  set: { delta: number } | { counted: number },
  context: LedgerContext & { location?: string },
  events: EventsFor<AppliedChange>,
): Promise<AppliedChange | 'short' | undefined> {
  const { location, ...entry } = context;
  const at = now();
  const place = await lockSkuAt(tx, sku, location, at);
  if (!place) return undefined;
  // A delta may not take the location below zero (a write-off larger than the shelf is 'short');
  // a count sets the balance outright.
  const available = 'delta' in set ? sql`available + ${set.delta}` : sql`${set.counted}::int`;
  const { rowCount } = await tx.query(
    sql`update location_stock
        set available = ${available}, ledger_entry = ${ledgerEntryJson(entry)}::jsonb, updated_at = ${at}
        where sku = ${sku} and location = ${place.location}
        ${'delta' in set ? sql`and available + ${set.delta} >= 0` : sql.empty}`,
  );
  if (rowCount === 0) return 'short';
  const [changed] = await latestEntries(tx, sku, 1);
  const applied = { entry: changed!, level: (await levelOf(tx, sku))! };
  await insertEvents(tx, events(applied));
  return applied;
}

export async function adjustStock(
  db: SqlDatabase,
  sku: string,
  adjustment: StockAdjustment,
  events: EventsFor<AppliedChange>,
): Promise<AdjustmentOutcome> {
  const { quantity, reason, idempotencyKey, kind = 'adjustment', ...change } = adjustment;
  if (idempotencyKey) {
    const earlier = await entryByKey(db, sku, idempotencyKey);
    if (earlier) return replayed(db, earlier, adjustment);
  }
  try {
    return await db.transaction(async (tx) => {
      if (idempotencyKey) {
        // The same key sent twice at once: the first committed while this call waited for the lock.
        await tx.query(sql`select 1 from stock where sku = ${sku} for update`);
        const earlier = await entryByKey(tx, sku, idempotencyKey);
        if (earlier) return replayed(tx, earlier, adjustment);
      }
      const context: LedgerContext & { location?: string } = {
        kind,
        reason,
        ...change,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      };
      const applied = await moveAvailable(tx, sku, { delta: quantity }, context, events);
      if (applied === undefined) return { outcome: 'unknown-sku' as const };
      if (applied !== 'short') return { outcome: 'applied' as const, ...applied };
      const location = context.location ?? (await defaultLocation(tx));
      return { outcome: 'short' as const, available: await availableAt(tx, sku, location) };
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
  return db.transaction(async (tx) => {
    const applied = await moveAvailable(
      tx,
      sku,
      { counted },
      { kind: 'count', reason: 'recount', ...change },
      events,
    );
    // A count sets a balance, so it never comes up short.
    return applied === 'short' ? undefined : applied;
  });
}

export async function readLedger(
  db: SqlExecutor,
  sku: string,
  page: { before?: string; limit: number },
): Promise<StockLedgerEntry[]> {
  const before = page.before ? sql`and id < ${page.before}::bigint` : sql.empty;
  const { rows } = await db.query<LedgerRow>(
    sql`select ${LEDGER_COLUMNS} from stock_ledger where sku = ${sku} ${before}
        order by stock_ledger.id desc limit ${page.limit}`,
  );
  return rows.map(toLedgerEntry);
}

/** Adds received units at the change's location; undefined for an unknown SKU. */
export function restockAt(
  db: SqlDatabase,
  sku: string,
  quantity: number,
  change: ManualChange,
): Promise<StockRecord | undefined> {
  return db.transaction(async (tx) => {
    const applied = await moveAvailable(
      tx,
      sku,
      { delta: quantity },
      { kind: 'restock', ...change },
      () => [],
    );
    return applied && applied !== 'short' ? applied.level : undefined;
  });
}
