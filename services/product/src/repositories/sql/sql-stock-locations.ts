// Stock locations in SQL (migration 0004): the locations, a SKU's units per location, and what
// locations shipping to a country have available. Transfers are in sql-stock-transfers.ts.
import { type SqlDatabase, sql } from '@emporium/platform';
import type { LocationLevel, LocationRecord, StockLocationStore } from '../catalog-store.js';
import { transferStock } from './sql-stock-transfers.js';

interface LocationRow {
  code: string;
  name: string;
  country: string | null;
  ships_to: string[] | null;
  is_default: boolean;
  created_at: string;
  updated_at: string;
}

const LOCATION_COLUMNS = sql.raw('code, name, country, ships_to, is_default, created_at, updated_at');

const toLocation = (row: LocationRow): LocationRecord => ({
  code: row.code,
  name: row.name,
  country: row.country,
  shipsTo: row.ships_to,
  isDefault: row.is_default,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const now = () => new Date().toISOString();
/** SQL null (ships everywhere), never the JSON value null. */
const shipsToJson = (shipsTo: string[] | null) => (shipsTo ? JSON.stringify(shipsTo) : null);

export function createSqlLocationStore(db: SqlDatabase): StockLocationStore {
  return {
    async list() {
      const { rows } = await db.query<LocationRow>(
        sql`select ${LOCATION_COLUMNS} from stock_locations order by position`,
      );
      return rows.map(toLocation);
    },
    async find(code) {
      const { rows } = await db.query<LocationRow>(
        sql`select ${LOCATION_COLUMNS} from stock_locations where code = ${code}`,
      );
      return rows[0] ? toLocation(rows[0]) : undefined;
    },
    async create(location) {
      const at = now();
      const { rowCount } = await db.query(
        sql`insert into stock_locations (code, name, country, ships_to, created_at, updated_at)
            values (${location.code}, ${location.name}, ${location.country}, ${shipsToJson(location.shipsTo)}::jsonb,
                    ${at}, ${at})
            on conflict (code) do nothing`,
      );
      return rowCount > 0;
    },
    async update(code, changes) {
      const { rows } = await db.query<LocationRow>(
        sql`update stock_locations set name = coalesce(${changes.name ?? null}, name),
              country = coalesce(${changes.country ?? null}, country),
              ships_to = ${'shipsTo' in changes ? sql`${shipsToJson(changes.shipsTo ?? null)}::jsonb` : sql.raw('ships_to')},
              updated_at = ${now()}
            where code = ${code} returning ${LOCATION_COLUMNS}`,
      );
      return rows[0] ? toLocation(rows[0]) : undefined;
    },
    remove(code) {
      return db.transaction(async (tx) => {
        // Exclusive: a change taking units into it (which shares this lock) waits or goes first.
        const { rows } = await tx.query<{ is_default: boolean }>(
          sql`select is_default from stock_locations where code = ${code} for update`,
        );
        if (!rows[0]) return 'unknown' as const;
        if (rows[0].is_default) return 'default' as const;
        const stocked = await tx.query(
          sql`select 1 from location_stock where location = ${code} and (available > 0 or reserved > 0) limit 1`,
        );
        if (stocked.rowCount > 0) return 'holds-stock' as const;
        await tx.query(sql`delete from location_stock where location = ${code}`);
        await tx.query(sql`delete from stock_locations where code = ${code}`);
        return 'removed' as const;
      });
    },
    async levels(sku) {
      const known = await db.query(sql`select 1 from stock where sku = ${sku}`);
      if (known.rowCount === 0) return undefined;
      const { rows } = await db.query<LocationLevel>(
        sql`select l.code as location, coalesce(ls.available, 0) as available, coalesce(ls.reserved, 0) as reserved
            from stock_locations l left join location_stock ls on ls.location = l.code and ls.sku = ${sku}
            order by l.position`,
      );
      return rows;
    },
    async availableFor(skus, country) {
      if (skus.length === 0) return new Map();
      const { rows } = await db.query<{ sku: string; available: number }>(
        sql`select ls.sku, sum(ls.available)::int as available
            from location_stock ls join stock_locations l on l.code = ls.location
            where ls.sku = any(${skus}::text[]) and ships_to_country(l.ships_to, ${country})
            group by ls.sku`,
      );
      return new Map(rows.map((row) => [row.sku, row.available]));
    },
    transfer: (sku, transfer) => transferStock(db, sku, transfer),
  };
}
