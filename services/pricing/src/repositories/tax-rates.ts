// Tax rates of a region, by country, subdivision ('' for the whole country) and class.
import type { NewTaxRate, TaxRate, TaxRatePatch } from '@emporium/contracts/pricing';
import { type SqlExecutor, sql } from '@emporium/platform';
import { percentToPpm, ppmToPercent } from '../money/rates.js';
import type { TaxRate as RateOfTable } from '../quotes/rate-table-tax-provider.js';

interface TaxRateRow {
  id: string;
  region_id: string;
  country: string;
  subdivision: string;
  tax_class: TaxRate['taxClass'];
  rate_ppm: number;
  name: string;
}

const COLUMNS = sql.raw('id, region_id, country, subdivision, tax_class, rate_ppm, name');

const toTaxRate = (row: TaxRateRow): TaxRate => ({
  id: row.id,
  regionId: row.region_id,
  country: row.country,
  ...(row.subdivision ? { subdivision: row.subdivision } : {}),
  taxClass: row.tax_class,
  rate: ppmToPercent(row.rate_ppm),
  name: row.name,
});

export const taxRatesRepository = {
  async listOfRegion(db: SqlExecutor, regionId: string): Promise<TaxRate[]> {
    const { rows } = await db.query<TaxRateRow>(
      sql`select ${COLUMNS} from tax_rates where region_id = ${regionId} order by country, subdivision, tax_class`,
    );
    return rows.map(toTaxRate);
  },

  /** A country's own rates and those of one of its subdivisions: all a quote there may use. */
  async forDestination(db: SqlExecutor, country: string, subdivision: string): Promise<RateOfTable[]> {
    const { rows } = await db.query<TaxRateRow>(
      sql`select ${COLUMNS} from tax_rates where country = ${country} and subdivision in ('', ${subdivision})`,
      { prepare: true },
    );
    return rows.map((row) => ({
      country: row.country,
      subdivision: row.subdivision,
      taxClass: row.tax_class,
      ratePpm: row.rate_ppm,
      name: row.name,
    }));
  },

  async insert(tx: SqlExecutor, id: string, regionId: string, rate: NewTaxRate): Promise<TaxRate> {
    const { rows } = await tx.query<TaxRateRow>(
      sql`insert into tax_rates (id, region_id, country, subdivision, tax_class, rate_ppm, name)
       values (${id}, ${regionId}, ${rate.country}, ${rate.subdivision ?? ''}, ${rate.taxClass},
         ${percentToPpm(rate.rate)}, ${rate.name})
       returning ${COLUMNS}`,
    );
    return toTaxRate(rows[0]!);
  },

  async update(
    db: SqlExecutor,
    regionId: string,
    id: string,
    patch: TaxRatePatch,
  ): Promise<TaxRate | undefined> {
    const { rows } = await db.query<TaxRateRow>(
      sql`update tax_rates set
         rate_ppm = coalesce(${patch.rate === undefined ? null : percentToPpm(patch.rate)}, rate_ppm),
         name = coalesce(${patch.name ?? null}, name), updated_at = now()
       where region_id = ${regionId} and id = ${id} returning ${COLUMNS}`,
    );
    return rows[0] && toTaxRate(rows[0]);
  },

  async remove(db: SqlExecutor, regionId: string, id: string): Promise<boolean> {
    const { rowCount } = await db.query(
      sql`delete from tax_rates where region_id = ${regionId} and id = ${id}`,
    );
    return rowCount > 0;
  },
};
