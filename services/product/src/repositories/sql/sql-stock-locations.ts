// Stock locations in SQL (migration 0004): the locations, a SKU's units per location, and what
// locations shipping to a country have available. Transfers are in sql-stock-transfers.ts.
import type { SqlDatabase } from '@emporium/platform';
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

const LOCATION_COLUMNS = 'code, name, country, ships_to, is_default, created_at, updated_at';

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
        `select ${LOCATION_COLUMNS} from stock_locations order by position`,
      );
      return rows.map(toLocation);
    },
    async find(code) {
      const { rows } = await db.query<LocationRow>(
        `select ${LOCATION_COLUMNS} from stock_locations where code = $1`,
        [code],
      );
      return rows[0] ? toLocation(rows[0]) : undefined;
    },
    async create(location) {
      const at = now();
      const { rowCount } = await db.query(
        `insert into stock_locations (code, name, country, ships_to, created_at, updated_at)
         values ($1, $2, $3, $4::jsonb, $5, $5) on conflict (code) do nothing`,
        [location.code, location.name, location.country, shipsToJson(location.shipsTo), at],
      );
      return rowCount > 0;
    },
    async update(code, changes) {
      const { rows } = await db.query<LocationRow>(
        `update stock_locations set name = coalesce($2, name), country = coalesce($3, country),
           ships_to = case when $4::boolean then $5::jsonb else ships_to end, updated_at = $6
         where code = $1 returning ${LOCATION_COLUMNS}`,
        [
          code,
          changes.name ?? null,
          changes.country ?? null,
          'shipsTo' in changes,
          shipsToJson(changes.shipsTo ?? null),
          now(),
        ],
      );
      return rows[0] ? toLocation(rows[0]) : undefined;
    },
    remove(code) {
      return db.transaction(async (tx) => {
        // Exclusive: a change taking units into it (which shares this lock) waits or goes first.
        const { rows } = await tx.query<{ is_default: boolean }>(
          'select is_default from stock_locations where code = $1 for update',
          [code],
        );
        if (!rows[0]) return 'unknown' as const;
        if (rows[0].is_default) return 'default' as const;
        const stocked = await tx.query(
          'select 1 from location_stock where location = $1 and (available > 0 or reserved > 0) limit 1',
          [code],
        );
        if (stocked.rowCount > 0) return 'holds-stock' as const;
        await tx.query('delete from location_stock where location = $1', [code]);
        await tx.query('delete from stock_locations where code = $1', [code]);
        return 'removed' as const;
      });
    },
    async levels(sku) {
      const known = await db.query('select 1 from stock where sku = $1', [sku]);
      if (known.rowCount === 0) return undefined;
      const { rows } = await db.query<LocationLevel>(
        `select l.code as location, coalesce(ls.available, 0) as available, coalesce(ls.reserved, 0) as reserved
         from stock_locations l left join location_stock ls on ls.location = l.code and ls.sku = $1
         order by l.position`,
        [sku],
      );
      return rows;
    },
    async availableFor(skus, country) {
      if (skus.length === 0) return new Map();
      const { rows } = await db.query<{ sku: string; available: number }>(
        `select ls.sku, sum(ls.available)::int as available
         from location_stock ls join stock_locations l on l.code = ls.location
         where ls.sku = any($1::text[]) and ships_to_country(l.ships_to, $2)
         group by ls.sku`,
        [skus, country],
      );
      return new Map(rows.map((row) => [row.sku, row.available]));
    },
    transfer: (sku, transfer) => transferStock(db, sku, transfer),
  };
}
