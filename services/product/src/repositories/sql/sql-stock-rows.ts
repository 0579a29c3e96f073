// The stock rows a product's variants own, written with the product (SQL adapter) or right after
// its document (products on MongoDB). Each row repeats the names shown in low-stock lists and the
// internal variant API, so a product's rename reaches its rows too.
import type { SqlExecutor } from '@emporium/platform';
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

export const STOCK_COLUMNS =
  'sku, product_id, slug, title, available, reserved, low_stock_threshold, updated_at';
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
  const { rowCount } = await tx.query('select 1 from stock where sku = any($1::text[])', [skus]);
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
  await tx.query(
    `insert into stock (sku, product_id, slug, title, available, reserved, low_stock_threshold, updated_at)
     select sku, $1, $2, title, 0, 0, threshold, $3
     from unnest($4::text[], $5::text[], $6::int[]) as v(sku, title, threshold)`,
    [
      product.id,
      product.slug,
      product.updatedAt,
      skus,
      variants.map((variant) => variantTitle(product, variant)),
      variants.map((variant) => variant.lowStockThreshold),
    ],
  );
  await tx.query(
    `insert into location_stock (sku, location, available, reserved, updated_at)
     select sku, (select code from stock_locations where is_default), available, 0, $1
     from unnest($2::text[], $3::int[]) as v(sku, available)`,
    [product.updatedAt, skus, variants.map((variant) => quantities[variant.sku] ?? 0)],
  );
}

/** Copies the product's current names and thresholds onto its variants' rows. */
export async function describeStockRows(tx: SqlExecutor, product: ProductRecord): Promise<void> {
  if (product.variants.length === 0) return;
  await tx.query(
    `update stock set title = v.title, low_stock_threshold = v.threshold
     from unnest($2::text[], $3::text[], $4::int[]) as v(sku, title, threshold)
     where stock.sku = v.sku and stock.product_id = $1`,
    [
      product.id,
      product.variants.map((variant) => variant.sku),
      product.variants.map((variant) => variantTitle(product, variant)),
      product.variants.map((variant) => variant.lowStockThreshold),
    ],
  );
}

export async function deleteStockRows(tx: SqlExecutor, productId: string): Promise<void> {
  await tx.query('delete from stock where product_id = $1', [productId]);
}
