// What a quote needs of its destination, in one statement: the region that sells to the country,
// the shipping option chosen there and, for the rate-table tax provider, the rates of the
// country and its subdivision. Every checkout's quote asks for all three, and a round trip to
// the database costs the pricing service more CPU than the rows it reads.
import { type SqlExecutor, sql } from '@emporium/platform';
import type { QuoteRegion, QuoteShippingOption } from '../quotes/model.js';
import type { TaxRate } from '../quotes/rate-table-tax-provider.js';
import { ruleOf, type ShippingOptionRow } from './shipping-options.js';

export interface QuoteDestination {
  region: QuoteRegion & { code: string };
  /** Undefined when the region has no active option with that code. */
  shipping?: QuoteShippingOption;
  /** The rates a quote there may use; read only when asked for. */
  taxRates?: TaxRate[];
}

export interface DestinationQuery {
  country: string;
  /** '' for none. */
  subdivision: string;
  shippingCode: string;
  withTaxRates: boolean;
}

interface DestinationRow extends Pick<ShippingOptionRow, 'kind' | 'amount' | 'free_from' | 'bands'> {
  id: string;
  code: string;
  currency: string;
  tax_inclusive: boolean;
  tax_on_shipping: boolean;
  option_id: string | null;
  option_code: string;
  option_name: string;
  option_tax_class: ShippingOptionRow['tax_class'];
  tax_rates?: TaxRate[];
}

/** The country's region and its active option `shippingCode`; undefined when no region sells there. */
export async function quoteDestinationOf(
  db: SqlExecutor,
  { country, subdivision, shippingCode, withTaxRates }: DestinationQuery,
): Promise<QuoteDestination | undefined> {
  // The same rates as taxRatesRepository.forDestination reads.
  const taxRates = withTaxRates
    ? sql`, (select coalesce(json_agg(json_build_object('country', t.country, 'subdivision', t.subdivision,
            'taxClass', t.tax_class, 'ratePpm', t.rate_ppm, 'name', t.name)), '[]')
          from tax_rates t where t.country = ${country} and t.subdivision in ('', ${subdivision})) as tax_rates`
    : sql.empty;
  const { rows } = await db.query<DestinationRow>(
    sql`select r.id, r.code, r.currency, r.tax_inclusive, r.tax_on_shipping,
          s.id as option_id, s.code as option_code, s.name as option_name, s.tax_class as option_tax_class,
          s.kind, s.amount, s.free_from, s.bands ${taxRates}
        from region_countries c
        join regions r on r.id = c.region_id
        left join shipping_options s on s.region_id = r.id and s.code = ${shippingCode} and s.active
        where c.country = ${country}`,
    { prepare: true },
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    region: {
      id: row.id,
      code: row.code,
      currency: row.currency,
      taxInclusive: row.tax_inclusive,
      taxOnShipping: row.tax_on_shipping,
    },
    ...(row.option_id !== null && {
      shipping: {
        id: row.option_id,
        code: row.option_code,
        name: row.option_name,
        taxClass: row.option_tax_class,
        rule: ruleOf(row),
      },
    }),
    ...(row.tax_rates && { taxRates: row.tax_rates }),
  };
}
