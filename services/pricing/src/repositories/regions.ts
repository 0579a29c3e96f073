// Regions with their countries. Reads aggregate the countries in the same statement.
import type { NewRegion, Region, RegionPatch } from '@emporium/contracts/pricing';
import { type SqlExecutor, sql } from '@emporium/platform';

interface RegionRow {
  id: string;
  code: string;
  name: string;
  currency: string;
  tax_inclusive: boolean;
  tax_on_shipping: boolean;
  return_window_days: number;
  countries: string[];
}

const SELECT_REGIONS = sql`select r.id, r.code, r.name, r.currency, r.tax_inclusive, r.tax_on_shipping,
    r.return_window_days,
    coalesce((select array_agg(c.country order by c.country) from region_countries c where c.region_id = r.id),
      '{}') as countries
  from regions r`;

const toRegion = (row: RegionRow): Region => ({
  id: row.id,
  code: row.code,
  name: row.name,
  currency: row.currency,
  countries: row.countries,
  taxInclusive: row.tax_inclusive,
  taxOnShipping: row.tax_on_shipping,
  returnWindowDays: row.return_window_days,
});

export const regionsRepository = {
  async list(db: SqlExecutor, country?: string): Promise<Region[]> {
    const { rows } = country
      ? await db.query<RegionRow>(
          sql`${SELECT_REGIONS} where r.id = (select region_id from region_countries where country = ${country})`,
        )
      : await db.query<RegionRow>(sql`${SELECT_REGIONS} order by r.code`);
    return rows.map(toRegion);
  },

  async find(db: SqlExecutor, id: string): Promise<Region | undefined> {
    const { rows } = await db.query<RegionRow>(sql`${SELECT_REGIONS} where r.id = ${id}`);
    return rows[0] && toRegion(rows[0]);
  },

  /** Inserts the region and its countries; a country another region holds fails its primary key. */
  async insert(tx: SqlExecutor, id: string, region: NewRegion): Promise<void> {
    await tx.query(
      sql`insert into regions (id, code, name, currency, tax_inclusive, tax_on_shipping, return_window_days)
       values (${id}, ${region.code}, ${region.name}, ${region.currency}, ${region.taxInclusive},
         ${region.taxOnShipping}, ${region.returnWindowDays})`,
    );
    await tx.query(
      sql`insert into region_countries (region_id, country) select ${id}, unnest(${region.countries}::text[])`,
    );
  },

  /** False when there is no such region. */
  async update(db: SqlExecutor, id: string, patch: RegionPatch): Promise<boolean> {
    const { rowCount } = await db.query(
      sql`update regions set
         name = coalesce(${patch.name ?? null}, name),
         tax_inclusive = coalesce(${patch.taxInclusive ?? null}, tax_inclusive),
         tax_on_shipping = coalesce(${patch.taxOnShipping ?? null}, tax_on_shipping),
         return_window_days = coalesce(${patch.returnWindowDays ?? null}, return_window_days),
         updated_at = now()
       where id = ${id}`,
    );
    return rowCount > 0;
  },

  async remove(db: SqlExecutor, id: string): Promise<boolean> {
    const { rowCount } = await db.query(sql`delete from regions where id = ${id}`);
    return rowCount > 0;
  },

  /** Adds a country to a region; adding one it already has changes nothing. */
  async addCountry(db: SqlExecutor, id: string, country: string): Promise<void> {
    await db.query(
      sql`insert into region_countries (region_id, country) values (${id}, ${country})
       on conflict (region_id, country) do nothing`,
    );
  },

  async removeCountry(db: SqlExecutor, id: string, country: string): Promise<boolean> {
    const { rowCount } = await db.query(
      sql`delete from region_countries where region_id = ${id} and country = ${country}`,
    );
    return rowCount > 0;
  },
};
