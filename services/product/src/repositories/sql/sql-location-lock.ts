// Taking a SKU's stock at one location, in the lock order of migration 0004: the SKU's stock row
// first (so no one else moves its units meanwhile), then the location (shared, so it cannot be
// removed under the change), then its location row, made ready empty if the SKU was never there.
import { type SqlExecutor, sql } from '@emporium/platform';
import { UnknownLocationError } from '../catalog-store.js';

export async function defaultLocation(tx: SqlExecutor): Promise<string> {
  const { rows } = await tx.query<{ code: string }>(sql`select code from stock_locations where is_default`);
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
  const { rowCount } = await tx.query(sql`select 1 from stock where sku = ${sku} for update`);
  if (rowCount === 0) return undefined;
  const code = location ?? (await defaultLocation(tx));
  const found = await tx.query(sql`select 1 from stock_locations where code = ${code} for share`);
  if (found.rowCount === 0) throw new UnknownLocationError(code);
  await tx.query(
    sql`insert into location_stock (sku, location, available, reserved, updated_at)
        values (${sku}, ${code}, 0, 0, ${at}) on conflict do nothing`,
  );
  return { location: code };
}
