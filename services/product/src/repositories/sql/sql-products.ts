import { type SqlDatabase, type SqlExecutor, sql } from '@emporium/platform';
import { DuplicateKeyError, type ProductRecord, type ProductStore } from '../catalog-store.js';
import { fromStored } from '../stored-record.js';
import { insertEvents } from './sql-events.js';
import { describeStockRows, insertStockRows, isUniqueViolation, skusTaken } from './sql-stock-rows.js';

interface DocumentRow {
  doc: ProductRecord;
}

async function assertFree(tx: SqlExecutor, slug: string | undefined, skus: string[]): Promise<void> {
  if (slug) {
    const { rowCount } = await tx.query(sql`select 1 from products where slug = ${slug}`);
    if (rowCount > 0) throw new DuplicateKeyError('slug');
  }
  if (await skusTaken(tx, skus)) throw new DuplicateKeyError('sku');
}

export function createSqlProductStore(db: SqlDatabase): ProductStore {
  return {
    async upsertCategory(category) {
      await db.query(
        sql`insert into categories (slug, name, parent) values (${category.slug}, ${category.name}, ${category.parent})
            on conflict (slug) do update set name = excluded.name, parent = excluded.parent`,
      );
    },
    async listCategories() {
      const { rows } = await db.query<{ slug: string; name: string; parent: string | null }>(
        sql`select slug, name, parent from categories order by slug`,
      );
      return rows;
    },
    async insert(product, initialStock, events) {
      try {
        await db.transaction(async (tx) => {
          await assertFree(tx, product.slug, Object.keys(initialStock));
          await tx.query(
            sql`insert into products (id, slug, version, updated_at, doc)
                values (${product.id}, ${product.slug}, ${product.version}, ${product.updatedAt}, ${JSON.stringify(product)})`,
          );
          await insertStockRows(tx, product, initialStock);
          await insertEvents(tx, events);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateKeyError('slug');
        throw error;
      }
    },
    async replace(product, expectedVersion, newStock, events) {
      return db.transaction(async (tx) => {
        const { rowCount } = await tx.query(
          sql`update products set doc = ${JSON.stringify(product)}, version = ${product.version},
                updated_at = ${product.updatedAt}
              where id = ${product.id} and version = ${expectedVersion}`,
        );
        if (rowCount === 0) return false;
        await assertFree(tx, undefined, Object.keys(newStock));
        await insertStockRows(tx, product, newStock);
        await describeStockRows(tx, product);
        await insertEvents(tx, events);
        return true;
      });
    },
    async findById(id) {
      const { rows } = await db.query<DocumentRow>(sql`select doc from products where id = ${id}`);
      return rows[0] && fromStored(rows[0].doc);
    },
    async findBySlug(slug) {
      const { rows } = await db.query<DocumentRow>(sql`select doc from products where slug = ${slug}`);
      return rows[0] && fromStored(rows[0].doc);
    },
    async findByIds(ids) {
      if (ids.length === 0) return [];
      const { rows } = await db.query<DocumentRow>(
        sql`select doc from products where id = any(${ids}::text[])`,
      );
      return rows.map((row) => fromStored(row.doc));
    },
    async changedSince(since) {
      const { rows } = await db.query<DocumentRow>(
        sql`select doc from products ${since ? sql`where updated_at >= ${since}` : sql.empty}`,
      );
      return rows.map((row) => fromStored(row.doc));
    },
  };
}
