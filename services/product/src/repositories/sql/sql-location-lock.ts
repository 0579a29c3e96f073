// Taking a SKU's stock at one location, in the lock order of migration 0004: the SKU's stock row
// first (so no one else moves its units meanwhile), then the location (shared, so it cannot be
// removed under the change), then its location row, made ready empty if the SKU was never there.
import type { SqlExecutor } from '@emporium/platform';
import { UnknownLocationError } from '../catalog-store.js';

export async function defaultLocation(tx: SqlExecutor): Promise<string> {
  const { rows } = await tx.query<{ code: string }>('select code from stock_locations where is_default');
  return rows[0]!.code;
}

/**
 * Locks the SKU's stock and the location (the default one when `location` is undefined).
 * Undefined for an unknown SKU; throws UnknownLocationError for an unknown location.
 */
export async function lockSkuAt(
  tx: SqlExecutor,
  sku: string,
  location: string | undefined,
  at: string,
): Promise<{ location: string } | undefined> {
  const { rowCount } = await tx.query('select 1 from stock where sku = $1 for update', [sku]);
  if (rowCount === 0) return undefined;
  const code = location ?? (await defaultLocation(tx));
  const found = await tx.query('select 1 from stock_locations where code = $1 for share', [code]);
  if (found.rowCount === 0) throw new UnknownLocationError(code);
  await tx.query(
    `insert into location_stock (sku, location, available, reserved, updated_at)
     values ($1, $2, 0, 0, $3) on conflict do nothing`,
    [sku, code, at],
  );
  return { location: code };
}
