// Transfers of a SKU's available units between two stock locations: one transaction that takes
// the units out of one location row and into the other, each update leaving its ledger row
// (kind `transfer`, sharing the transfer's id as reference). The SKU's stock row is locked first,
// so parallel transfers and sales of the SKU take turns and no location goes below zero.
import { randomUUID } from 'node:crypto';
import type { StockLedgerEntry } from '@emporium/contracts/product';
import { type SqlDatabase, type SqlExecutor, sql } from '@emporium/platform';
import type { AppliedTransfer, LocationLevel, StockTransfer, TransferOutcome } from '../catalog-store.js';
import {
  entryByKey,
  LEDGER_COLUMNS,
  type LedgerRow,
  latestEntries,
  ledgerEntryJson,
  toLedgerEntry,
} from './sql-stock-ledger.js';
import { isUniqueViolation } from './sql-stock-rows.js';

const now = () => new Date().toISOString();

const outReason = (transfer: Pick<StockTransfer, 'to'>) => `transfer-to:${transfer.to}`;
const inReason = (transfer: Pick<StockTransfer, 'from'>) => `transfer-from:${transfer.from}`;

async function levelsAt(tx: SqlExecutor, sku: string, codes: [string, string]) {
  const { rows } = await tx.query<LocationLevel>(
    sql`select location, available, reserved from location_stock
        where sku = ${sku} and location = any(${codes}::text[])`,
  );
  const at = (code: string) =>
    rows.find((row) => row.location === code) ?? { location: code, available: 0, reserved: 0 };
  return [at(codes[0]), at(codes[1])] as [LocationLevel, LocationLevel];
}

/** What a stored out-entry says about a retry with the same key: the same transfer, or another change. */
async function replayed(
  db: SqlExecutor,
  earlier: StockLedgerEntry,
  transfer: StockTransfer,
): Promise<TransferOutcome> {
  const same =
    earlier.kind === 'transfer' &&
    earlier.location === transfer.from &&
    earlier.availableDelta === -transfer.quantity &&
    earlier.reason === outReason(transfer) &&
    earlier.note === (transfer.note ?? null);
  if (!same) return { outcome: 'key-reused', entry: earlier };
  const { rows } = await db.query<LedgerRow>(
    sql`select ${LEDGER_COLUMNS} from stock_ledger
        where sku = ${earlier.sku} and reference = ${earlier.reference} and kind = 'transfer' order by id`,
  );
  const entries = rows.map(toLedgerEntry) as [StockLedgerEntry, StockLedgerEntry];
  const locations = await levelsAt(db, earlier.sku, [transfer.from, transfer.to]);
  return { outcome: 'repeated', transferId: earlier.reference!, entries, locations };
}

async function applyTransfer(
  tx: SqlExecutor,
  sku: string,
  transfer: StockTransfer,
): Promise<TransferOutcome> {
  const at = now();
  const locked = await tx.query(sql`select 1 from stock where sku = ${sku} for update`);
  if (locked.rowCount === 0) return { outcome: 'unknown-sku' };
  // The same key sent twice at once: the first committed while this call waited for the lock.
  const earlier = transfer.idempotencyKey && (await entryByKey(tx, sku, transfer.idempotencyKey));
  if (earlier) return replayed(tx, earlier, transfer);
  const codes = [transfer.from, transfer.to];
  const { rows } = await tx.query<{ code: string }>(
    sql`select code from stock_locations where code = any(${codes}::text[]) order by code for share`,
  );
  for (const field of ['from', 'to'] as const) {
    if (!rows.some((row) => row.code === transfer[field])) {
      return { outcome: 'unknown-location', field, code: transfer[field] };
    }
  }
  await tx.query(
    sql`insert into location_stock (sku, location, available, reserved, updated_at)
        select ${sku}, code, 0, 0, ${at} from unnest(${codes}::text[]) as code order by code
        on conflict do nothing`,
  );
  const transferId = randomUUID();
  const entry = (reason: string, idempotencyKey?: string) =>
    ledgerEntryJson({
      kind: 'transfer',
      actor: transfer.actor,
      reason,
      reference: transferId,
      ...(transfer.note ? { note: transfer.note } : {}),
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  const out = await tx.query(
    sql`update location_stock set available = available - ${transfer.quantity},
          ledger_entry = ${entry(outReason(transfer), transfer.idempotencyKey)}::jsonb, updated_at = ${at}
        where sku = ${sku} and location = ${transfer.from} and available >= ${transfer.quantity}`,
  );
  if (out.rowCount === 0) {
    const [from] = await levelsAt(tx, sku, [transfer.from, transfer.to]);
    return { outcome: 'short', available: from.available };
  }
  await tx.query(
    sql`update location_stock set available = available + ${transfer.quantity},
          ledger_entry = ${entry(inReason(transfer))}::jsonb, updated_at = ${at}
        where sku = ${sku} and location = ${transfer.to}`,
  );
  const applied: AppliedTransfer = {
    transferId,
    entries: (await latestEntries(tx, sku, 2)) as [StockLedgerEntry, StockLedgerEntry],
    locations: await levelsAt(tx, sku, [transfer.from, transfer.to]),
  };
  return { outcome: 'applied', ...applied };
}

export async function transferStock(
  db: SqlDatabase,
  sku: string,
  transfer: StockTransfer,
): Promise<TransferOutcome> {
  const key = transfer.idempotencyKey;
  if (key) {
    const earlier = await entryByKey(db, sku, key);
    if (earlier) return replayed(db, earlier, transfer);
  }
  try {
    return await db.transaction((tx) => applyTransfer(tx, sku, transfer));
  } catch (error) {
    // The same key, sent twice at once: the other request's transfer committed first.
    if (!key || !isUniqueViolation(error)) throw error;
    return replayed(db, (await entryByKey(db, sku, key))!, transfer);
  }
}
