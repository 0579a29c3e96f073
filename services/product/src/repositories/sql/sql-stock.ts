// Stock and reservations in SQL. One transaction per operation; each line's hold is a
// conditional update (`available >= quantity`), lines taken in SKU order so concurrent
// reservations on PostgreSQL lock rows in the same order and cannot deadlock. A reservation
// that succeeds is one call of reserve_stock (migration 0003); a short one is recorded here.
// Every update that moves units sets `ledger_entry`: the stock row's trigger turns it into the
// change's ledger row in the same statement (migration 0003), and refuses a move without one.

import type { ReservationLine, UnavailableLine } from '@emporium/contracts/product';
import { outboxInsertSql, type SqlDatabase, type SqlExecutor } from '@emporium/platform';
import type {
  EventsFor,
  LedgerContext,
  ReservationRecord,
  StockRecord,
  StockStore,
} from '../catalog-store.js';
import { insertEvents } from './sql-events.js';
import { adjustStock, countStock, ledgerEntryJson, readLedger } from './sql-stock-ledger.js';
import { STOCK_COLUMNS, type StockRow, toStock } from './sql-stock-rows.js';

interface ReservationRow {
  id: string;
  status: ReservationRecord['status'];
  lines: ReservationLine[];
  expires_at: string;
  unavailable: UnavailableLine[];
}

const toReservation = (row: ReservationRow): ReservationRecord => ({
  reservationId: row.id,
  status: row.status,
  lines: row.lines,
  expiresAt: row.expires_at,
  unavailable: row.unavailable,
});
const now = () => new Date().toISOString();

interface ReserveStockRow {
  decided: boolean;
  status: ReservationRecord['status'];
  lines: ReservationLine[];
  expires_at: string;
  unavailable: UnavailableLine[];
  levels: StockRecord[] | null;
}
/** reserve_stock's signal that a line is short: nothing was written. */
const SHORT_LINE = 'EMP01';

/**
 * Reservations this process made, remembered so that their commit (usually moments later, and
 * usually here) can be one statement: the events need the lines, and the statement checks the
 * stored lines are these. A miss (another replica reserved, or it was forgotten) takes the
 * longer way: read the reservation under lock, then write.
 */
const REMEMBERED_RESERVATIONS = 10_000;

// Marks the reservation committed only if it is still held, unexpired and holds exactly the
// remembered lines; the holds become sold units and the events are stored only if it did.
const SALE_ENTRY = `jsonb_build_object('kind', 'sale', 'actor', 'order:' || $1::text, 'reference', $1::text)`;
const COMMIT_REMEMBERED = `with marked as (
    update reservations set status = 'committed', updated_at = $2
    where id = $1 and status = 'reserved' and ($3::text is null or expires_at > $3) and lines = $4::jsonb
    returning id),
  sold as (
    update stock set reserved = reserved - (holds ->> $1)::int, holds = holds - $1,
      ledger_entry = ${SALE_ENTRY}, updated_at = $2
    where sku = any($5::text[]) and holds ? $1 and exists (select from marked)),
  events as (${outboxInsertSql(6, { onlyIfRowIn: 'marked' })})
  select count(*)::int as committed from marked`;

async function lockReservation(tx: SqlExecutor, id: string): Promise<ReservationRow | undefined> {
  const { rows } = await tx.query<ReservationRow>('select * from reservations where id = $1 for update', [
    id,
  ]);
  return rows[0];
}

/** Returns every hold of the reservation to available stock. */
async function releaseHolds(
  tx: SqlExecutor,
  id: string,
  lines: ReservationLine[],
  change: Pick<LedgerContext, 'kind' | 'actor' | 'reason'>,
) {
  await tx.query(
    `update stock set
       available = available + (holds ->> $1)::int,
       reserved = reserved - (holds ->> $1)::int,
       holds = holds - $1,
       ledger_entry = $4::jsonb,
       updated_at = $2
     where sku = any($3::text[]) and holds ? $1`,
    [id, now(), lines.map((line) => line.sku), ledgerEntryJson({ ...change, reference: id })],
  );
}

const reservationEntry = (id: string) =>
  ledgerEntryJson({ kind: 'reservation', actor: `order:${id}`, reference: id });

async function setStatus(tx: SqlExecutor, record: ReservationRecord): Promise<void> {
  await tx.query('update reservations set status = $2, unavailable = $3, updated_at = $4 where id = $1', [
    record.reservationId,
    record.status,
    JSON.stringify(record.unavailable),
    now(),
  ]);
}

export function createSqlStockStore(db: SqlDatabase): StockStore {
  const remembered = new Map<string, Pick<ReservationRecord, 'lines' | 'expiresAt'>>();
  const remember = (record: ReservationRecord) => {
    if (remembered.size >= REMEMBERED_RESERVATIONS) remembered.delete(remembered.keys().next().value!);
    remembered.set(record.reservationId, { lines: record.lines, expiresAt: record.expiresAt });
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
    };
    const { rows } = await db.query<{ committed: number }>(
      COMMIT_REMEMBERED,
      [
        reservationId,
        now(),
        notExpiredAt ?? null,
        JSON.stringify(known.lines),
        known.lines.map((line) => line.sku),
        JSON.stringify(events(record)),
      ],
      { prepare: true },
    );
    return rows[0]?.committed ? record : undefined;
  }

  return {
    async levels(skus) {
      if (skus.length === 0) return [];
      const { rows } = await db.query<StockRow>(
        `select ${STOCK_COLUMNS} from stock where sku = any($1::text[])`,
        [skus],
      );
      return rows.map(toStock);
    },
    async changedSince(since) {
      const { rows } = await db.query<StockRow>(
        since
          ? `select ${STOCK_COLUMNS} from stock where updated_at >= $1`
          : `select ${STOCK_COLUMNS} from stock`,
        since ? [since] : [],
      );
      return rows.map(toStock);
    },
    async restock(sku, quantity, change) {
      const { rows } = await db.query<StockRow>(
        `update stock set available = available + $2, ledger_entry = $4::jsonb, updated_at = $3
         where sku = $1 returning ${STOCK_COLUMNS}`,
        [sku, quantity, now(), ledgerEntryJson({ kind: 'restock', ...change })],
      );
      return rows[0] ? toStock(rows[0]) : undefined;
    },
    adjust: (sku, adjustment, events) => adjustStock(db, sku, adjustment, events),
    count: (sku, counted, change, events) => countStock(db, sku, counted, change, events),
    ledger: (sku, page) => readLedger(db, sku, page),
    async low(limit) {
      const { rows } = await db.query<StockRow>(
        `select ${STOCK_COLUMNS} from stock where available <= low_stock_threshold
         order by available, sku limit $1`,
        [limit],
      );
      return rows.map(toStock);
    },
    async reserve(reservationId, lines, expiresAt, events) {
      const attempt: ReservationRecord = {
        reservationId,
        status: 'reserved',
        lines,
        expiresAt,
        unavailable: [],
      };
      try {
        const { rows } = await db.query<ReserveStockRow>(
          'select * from reserve_stock($1, $2, $3, $4, $5)',
          [reservationId, JSON.stringify(lines), expiresAt, now(), JSON.stringify(events(attempt))],
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
          ...(row.levels ? { levels: row.levels } : {}),
        };
        if (record.decided) remember(record);
        return record;
      } catch (error) {
        if ((error as { code?: string }).code !== SHORT_LINE) throw error;
      }
      // A line is short (or was, a moment ago): record the outcome, naming every short line.
      return db.transaction(async (tx) => {
        const inserted = await tx.query(
          `insert into reservations (id, status, lines, expires_at, updated_at)
           values ($1, 'reserved', $2, $3, $4) on conflict (id) do nothing`,
          [reservationId, JSON.stringify(lines), expiresAt, now()],
        );
        if (inserted.rowCount === 0) {
          return { ...toReservation((await lockReservation(tx, reservationId))!), decided: false };
        }
        const unavailable: UnavailableLine[] = [];
        const levels: StockRecord[] = [];
        for (const line of lines) {
          if (unavailable.length === 0) {
            const { rows } = await tx.query<StockRow>(
              `update stock set available = available - $2, reserved = reserved + $2,
                 holds = holds || jsonb_build_object($3::text, $2::int), ledger_entry = $5::jsonb,
                 updated_at = $4
               where sku = $1 and available >= $2
               returning ${STOCK_COLUMNS}`,
              [line.sku, line.quantity, reservationId, now(), reservationEntry(reservationId)],
            );
            if (rows[0]) {
              levels.push(toStock(rows[0]));
              continue;
            }
          }
          const { rows } = await tx.query<{ available: number }>(
            'select available from stock where sku = $1',
            [line.sku],
          );
          const available = rows[0]?.available ?? 0;
          if (unavailable.length > 0 && available >= line.quantity) continue;
          unavailable.push({ sku: line.sku, requested: line.quantity, available });
        }
        if (unavailable.length > 0) {
          await releaseHolds(tx, reservationId, lines, {
            kind: 'release',
            actor: `order:${reservationId}`,
            reason: 'rejected',
          });
        }
        const record: ReservationRecord = {
          reservationId,
          status: unavailable.length > 0 ? 'rejected' : 'reserved',
          lines,
          expiresAt,
          unavailable,
          decided: true,
          ...(unavailable.length === 0 ? { levels } : {}),
        };
        await setStatus(tx, record);
        await insertEvents(tx, events(record));
        return record;
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
        const sold = events(record);
        // Holds become sold units, the reservation is marked and its events stored: one statement.
        await tx.query(
          `with sold as (
             update stock set reserved = reserved - (holds ->> $1)::int, holds = holds - $1,
               ledger_entry = ${SALE_ENTRY}, updated_at = $2
             where sku = any($3::text[]) and holds ? $1),
           marked as (update reservations set status = 'committed', updated_at = $2 where id = $1)
           ${outboxInsertSql(4)}`,
          [reservationId, now(), row.lines.map((line) => line.sku), JSON.stringify(sold)],
          { prepare: true },
        );
        return record;
      });
    },
    release(reservationId, change, events) {
      return db.transaction(async (tx) => {
        const row = await lockReservation(tx, reservationId);
        if (!row) {
          const at = now();
          await tx.query(
            `insert into reservations (id, status, lines, expires_at, updated_at)
             values ($1, 'released', '[]', $2, $2) on conflict (id) do nothing`,
            [reservationId, at],
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
        // In SKU order, like reservations, so the two never lock stock rows in opposite orders.
        const lines = [...row.lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
        const entry = ledgerEntryJson({
          kind: 'return',
          actor: `order:${reservationId}`,
          reason: 'order-cancelled',
          reference: reservationId,
        });
        for (const line of lines) {
          await tx.query(
            'update stock set available = available + $2, ledger_entry = $4::jsonb, updated_at = $3 where sku = $1',
            [line.sku, line.quantity, now(), entry],
          );
        }
        const record: ReservationRecord = { ...toReservation(row), status: 'released' };
        await setStatus(tx, record);
        await insertEvents(tx, events(record));
        return record;
      });
    },
    async find(reservationId) {
      const { rows } = await db.query<ReservationRow>('select * from reservations where id = $1', [
        reservationId,
      ]);
      return rows[0] ? toReservation(rows[0]) : undefined;
    },
    async expired(at, limit) {
      const { rows } = await db.query<{ id: string }>(
        `select id from reservations where status = 'reserved' and expires_at < $1 limit $2`,
        [at, limit],
      );
      return rows.map((row) => row.id);
    },
  };
}
