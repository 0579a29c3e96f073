// The stock rows a product's variants own, written with the product (SQL adapter) or right after
// its document (products on MongoDB). Each row repeats the names shown in low-stock lists and the
// internal variant API, so a product's rename reaches its rows too.
import { type SqlExecutor, sql } from '@emporium/platform';
import type { ProductRecord, StockRecord } from '../catalog-store.js';

export interface StockRow {
  sku: string;
  product_id: string;
  slug: string;
  title: string;
  available: number;
  reserved: number;
  low_stock_threshold: number;
  updated_at: string;
}

export const STOCK_COLUMNS = sql.raw(
  'sku, product_id, slug, title, available, reserved, low_stock_threshold, updated_at',
);
export const toStock = (row: StockRow): StockRecord => ({
  sku: row.sku,
  productId: row.product_id,
  slug: row.slug,
  title: row.title,
  available: row.available,
  reserved: row.reserved,
  lowStockThreshold: row.low_stock_threshold,
  updatedAt: row.updated_at,
});

export const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

export async function skusTaken(tx: SqlExecutor, skus: string[]): Promise<boolean> {
  if (skus.length === 0) return false;
  const { rowCount } = await tx.query(sql`select 1 from stock where sku = any(${skus}::text[])`);
  return rowCount > 0;
}

const variantTitle = (product: ProductRecord, variant: ProductRecord['variants'][number]) =>
  `${product.title} — ${variant.title}`;

/**
 * A row per variant listed in `quantities`, starting with that many available in the default
 * location. Two statements: the stock row starts empty and its location row fills it (migration
 * 0004), so the executor should be a transaction.
 */
export async function insertStockRows(
  tx: SqlExecutor,
  product: ProductRecord,
  quantities: Record<string, number>,
): Promise<void> {
  const variants = product.variants.filter((variant) => variant.sku in quantities);
  if (variants.length === 0) return;
  const skus = variants.map((variant) => variant.sku);
  const titles = variants.map((variant) => variantTitle(product, variant));
  const thresholds = variants.map((variant) => variant.lowStockThreshold);
  const available = variants.map((variant) => quantities[variant.sku] ?? 0);
  await tx.query(
    sql`insert into stock (sku, product_id, slug, title, available, reserved, low_stock_threshold, updated_at)
        select sku, ${product.id}, ${product.slug}, title, 0, 0, threshold, ${product.updatedAt}
        from unnest(${skus}::text[], ${titles}::text[], ${thresholds}::int[]) as v(sku, title, threshold)`,
  );
  await tx.query(
    sql`insert into location_stock (sku, location, available, reserved, updated_at)
        select sku, (select code from stock_locations where is_default), available, 0, ${product.updatedAt}
        from unnest(${skus}::text[], ${available}::int[]) as v(sku, available)`,
  );
}

/** Copies the product's current names and thresholds onto its variants' rows. */
export async function describeStockRows(tx: SqlExecutor, product: ProductRecord): Promise<void> {
  if (product.variants.length === 0) return;
  const skus = product.variants.map((variant) => variant.sku);
  const titles = product.variants.map((variant) => variantTitle(product, variant));
  const thresholds = product.variants.map((variant) => variant.lowStockThreshold);
  await tx.query(
    sql`update stock set title = v.title, low_stock_threshold = v.threshold
        from unnest(${skus}::text[], ${titles}::text[], ${thresholds}::int[]) as v(sku, title, threshold)
        where stock.sku = v.sku and stock.product_id = ${product.id}`,
  );
}

/** Who owns each of the SKUs' stock rows, and when the row was last written. */
export async function stockRowOwners(
  db: SqlExecutor,
  skus: string[],
): Promise<{ sku: string; productId: string; updatedAt: string }[]> {
  if (skus.length === 0) return [];
  const { rows } = await db.query<{ sku: string; product_id: string; updated_at: string }>(
    sql`select sku, product_id, updated_at from stock where sku = any(${skus}::text[])`,
  );
  return rows.map((row) => ({ sku: row.sku, productId: row.product_id, updatedAt: row.updated_at }));
}

/** Removes the SKUs' stock rows; with `onlyUnreserved`, only rows nothing was ever reserved from. */
export async function deleteStockRows(
  db: SqlExecutor,
  skus: string[],
  { onlyUnreserved }: { onlyUnreserved: boolean },
): Promise<void> {
  if (skus.length === 0) return;
  await db.query(
    sql`delete from stock where sku = any(${skus}::text[]) ${onlyUnreserved ? sql`and reserved = 0` : sql.empty}`,
  );
}
