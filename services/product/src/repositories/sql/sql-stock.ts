// Stock and reservations in SQL (migrations 0003 and 0004). A SKU's units are held per stock
// location; each operation is one transaction that locks the SKU's stock rows (in SKU order)
// before its location rows, so concurrent operations never deadlock. A reservation is one call
// of reserve_stock, which also decides which locations the units come from; commit, release and
// restore are one function call each. Every update of a location row sets `ledger_entry`: its
// trigger turns it into the change's ledger row and carries the change to the SKU's totals.

import type { ReservationLine, UnavailableLine } from '@emporium/contracts/product';
import { type SqlDatabase, type SqlExecutor, sql } from '@emporium/platform';
import type {
  Allocation,
  EventsFor,
  LedgerContext,
  ReservationRecord,
  StockRecord,
  StockStore,
} from '../catalog-store.js';
import { insertEvents } from './sql-events.js';
import { adjustStock, countStock, ledgerEntryJson, readLedger, restockAt } from './sql-stock-ledger.js';
import { STOCK_COLUMNS, type StockRow, toStock } from './sql-stock-rows.js';

interface ReservationRow {
  id: string;
  status: ReservationRecord['status'];
  lines: ReservationLine[];
  expires_at: string;
  unavailable: UnavailableLine[];
  allocation: Allocation[];
}

const RESERVATION_COLUMNS = sql.raw('id, status, lines, expires_at, unavailable, allocation');

const toReservation = (row: ReservationRow): ReservationRecord => ({
  reservationId: row.id,
  status: row.status,
  lines: row.lines,
  expiresAt: row.expires_at,
  unavailable: row.unavailable,
  allocation: row.allocation,
});
const now = () => new Date().toISOString();

interface ReserveStockRow {
  decided: boolean;
  status: ReservationRecord['status'];
  lines: ReservationLine[];
  expires_at: string;
  unavailable: UnavailableLine[];
  levels: StockRecord[] | null;
  allocation: Allocation[];
}
/** reserve_stock's signal that a line is short (the short lines in DETAIL): nothing was written. */
const SHORT_LINE = 'EMP01';

/**
 * Reservations this process made, remembered so that their commit (usually moments later, and
 * usually here) can be one statement: the events need the lines, and the statement checks the
 * stored lines are these. A miss (another replica reserved, or it was forgotten) takes the
 * longer way: read the reservation under lock, then write.
 */
const REMEMBERED_RESERVATIONS = 10_000;

async function lockReservation(tx: SqlExecutor, id: string): Promise<ReservationRow | undefined> {
  const { rows } = await tx.query<ReservationRow>(
    sql`select ${RESERVATION_COLUMNS} from reservations where id = ${id} for update`,
  );
  return rows[0];
}

/** Returns every hold of the reservation to the location it was taken from. */
async function releaseHolds(
  tx: SqlExecutor,
  id: string,
  lines: ReservationLine[],
  change: Pick<LedgerContext, 'kind' | 'actor' | 'reason'>,
) {
  const skus = lines.map((line) => line.sku);
  const entry = ledgerEntryJson({ ...change, reference: id });
  await tx.query(sql`select release_holds(${id}, ${skus}, ${entry}, ${now()})`);
}

/** Stores the commit of a held, unexpired reservation holding `lines`; false when it was not so. */
async function commitHeld(
  db: SqlExecutor,
  reservationId: string,
  lines: ReservationLine[],
  notExpiredAt: string | undefined,
  events: EventsFor<ReservationRecord>,
  record: ReservationRecord,
): Promise<boolean> {
  const { rows } = await db.query<{ committed: boolean }>(
    sql`select commit_reservation(${reservationId}, ${JSON.stringify(lines)}, ${now()}, ${notExpiredAt ?? null},
          ${JSON.stringify(events(record))}) as committed`,
    { prepare: true },
  );
  return rows[0]!.committed;
}

async function setStatus(tx: SqlExecutor, record: ReservationRecord): Promise<void> {
  await tx.query(
    sql`update reservations
        set status = ${record.status}, unavailable = ${JSON.stringify(record.unavailable)}, updated_at = ${now()}
        where id = ${record.reservationId}`,
  );
}

export function createSqlStockStore(db: SqlDatabase): StockStore {
  const remembered = new Map<string, Pick<ReservationRecord, 'lines' | 'expiresAt' | 'allocation'>>();
  const remember = (record: ReservationRecord) => {
    if (remembered.size >= REMEMBERED_RESERVATIONS) remembered.delete(remembered.keys().next().value!);
    remembered.set(record.reservationId, {
      lines: record.lines,
      expiresAt: record.expiresAt,
      allocation: record.allocation ?? [],
    });
  };

  /** The one-statement commit of a remembered reservation; undefined when it did not apply. */
  async function commitRemembered(
    reservationId: string,
    events: EventsFor<ReservationRecord>,
    notExpiredAt: string | undefined,
  ): Promise<ReservationRecord | undefined> {
    const known = remembered.get(reservationId);
    if (!known) return undefined;
    remembered.delete(reservationId);
    const record: ReservationRecord = {
      reservationId,
      status: 'committed',
      lines: known.lines,
      expiresAt: known.expiresAt,
      unavailable: [],
      decided: true,
      allocation: known.allocation ?? [],
    };
    return (await commitHeld(db, reservationId, known.lines, notExpiredAt, events, record))
      ? record
      : undefined;
  }

  return {
    async levels(skus) {
      if (skus.length === 0) return [];
      const { rows } = await db.query<StockRow>(
        sql`select ${STOCK_COLUMNS} from stock where sku = any(${skus}::text[])`,
      );
      return rows.map(toStock);
    },
    async changedSince(since) {
      const { rows } = await db.query<StockRow>(
        sql`select ${STOCK_COLUMNS} from stock ${since ? sql`where updated_at >= ${since}` : sql.empty}`,
      );
      return rows.map(toStock);
    },
    restock: (sku, quantity, change) => restockAt(db, sku, quantity, change),
    adjust: (sku, adjustment, events) => adjustStock(db, sku, adjustment, events),
    count: (sku, counted, change, events) => countStock(db, sku, counted, change, events),
    ledger: (sku, page) => readLedger(db, sku, page),
    async low(limit) {
      const { rows } = await db.query<StockRow>(
        sql`select ${STOCK_COLUMNS} from stock where available <= low_stock_threshold
            order by available, sku limit ${limit}`,
      );
      return rows.map(toStock);
    },
    async reserve(reservationId, lines, expiresAt, events, shipTo) {
      const attempt: ReservationRecord = {
        reservationId,
        status: 'reserved',
        lines,
        expiresAt,
        unavailable: [],
      };
      let unavailable: UnavailableLine[];
      try {
        const { rows } = await db.query<ReserveStockRow>(
          sql`select decided, status, lines, expires_at, unavailable, levels, allocation
              from reserve_stock(${reservationId}, ${JSON.stringify(lines)}, ${expiresAt}, ${now()},
                ${JSON.stringify(events(attempt))}, ${shipTo ?? null})`,
          { prepare: true },
        );
        const row = rows[0]!;
        const record: ReservationRecord = {
          reservationId,
          status: row.status,
          lines: row.lines,
          expiresAt: row.expires_at,
          unavailable: row.unavailable,
          decided: row.decided,
          allocation: row.allocation,
          ...(row.levels ? { levels: row.levels } : {}),
        };
        if (record.decided) remember(record);
        return record;
      } catch (error) {
        const { code, detail } = error as { code?: string; detail?: string };
        if (code !== SHORT_LINE || !detail) throw error;
        unavailable = JSON.parse(detail) as UnavailableLine[];
      }
      // Short: record the rejection (unless a call with the same id decided first).
      const rejected: ReservationRecord = {
        reservationId,
        status: 'rejected',
        lines,
        expiresAt,
        unavailable,
        allocation: [],
      };
      return db.transaction(async (tx) => {
        const inserted = await tx.query(
          sql`insert into reservations (id, status, lines, expires_at, unavailable, updated_at)
              values (${reservationId}, 'rejected', ${JSON.stringify(lines)}, ${expiresAt},
                ${JSON.stringify(unavailable)}, ${now()})
              on conflict (id) do nothing`,
        );
        if (inserted.rowCount === 0) {
          return { ...toReservation((await lockReservation(tx, reservationId))!), decided: false };
        }
        await insertEvents(tx, events(rejected));
        return { ...rejected, decided: true };
      });
    },
    async commit(reservationId, events, notExpiredAt) {
      const committed = await commitRemembered(reservationId, events, notExpiredAt);
      if (committed) return committed;
      // Not remembered, or not as remembered (released, expired, already committed): look first.
      return db.transaction(async (tx) => {
        const row = await lockReservation(tx, reservationId);
        if (!row) return undefined;
        if (row.status !== 'reserved') return toReservation(row);
        if (notExpiredAt !== undefined && row.expires_at <= notExpiredAt) return toReservation(row);
        const record: ReservationRecord = { ...toReservation(row), status: 'committed', decided: true };
        await commitHeld(tx, reservationId, row.lines, notExpiredAt, events, record);
        return record;
      });
    },
    release(reservationId, change, events) {
      return db.transaction(async (tx) => {
        const row = await lockReservation(tx, reservationId);
        if (!row) {
          const at = now();
          await tx.query(
            sql`insert into reservations (id, status, lines, expires_at, updated_at)
                values (${reservationId}, 'released', '[]', ${at}, ${at}) on conflict (id) do nothing`,
          );
          return { reservationId, status: 'released' as const, lines: [], expiresAt: at, unavailable: [] };
        }
        if (row.status !== 'reserved') return toReservation(row);
        await releaseHolds(tx, reservationId, row.lines, change);
        const record: ReservationRecord = { ...toReservation(row), status: 'released' };
        await setStatus(tx, record);
        await insertEvents(tx, events(record));
        return record;
      });
    },
    restore(reservationId, events) {
      return db.transaction(async (tx) => {
        const row = await lockReservation(tx, reservationId);
        if (!row) return undefined;
        if (row.status !== 'committed') return toReservation(row);
        // Back to the locations the units were sold from.
        const entry = ledgerEntryJson({
          kind: 'return',
          actor: `order:${reservationId}`,
          reason: 'order-cancelled',
          reference: reservationId,
        });
        await tx.query(sql`select restore_sold(${JSON.stringify(row.allocation)}, ${entry}, ${now()})`);
        const record: ReservationRecord = { ...toReservation(row), status: 'released' };
        await setStatus(tx, record);
        await insertEvents(tx, events(record));
        return record;
      });
    },
    async find(reservationId) {
      const { rows } = await db.query<ReservationRow>(
        sql`select ${RESERVATION_COLUMNS} from reservations where id = ${reservationId}`,
      );
      return rows[0] ? toReservation(rows[0]) : undefined;
    },
    async expired(at, limit) {
      const { rows } = await db.query<{ id: string }>(
        sql`select id from reservations where status = 'reserved' and expires_at < ${at} limit ${limit}`,
      );
      return rows.map((row) => row.id);
    },
  };
}
