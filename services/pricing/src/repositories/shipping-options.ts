// Shipping options of a region. The rule is stored in columns per field (amount, free_from,
// bands) that a CHECK keeps consistent with its kind.
import type { ShippingOption, TaxClass } from '@emporium/contracts/pricing';
import { type SqlExecutor, type SqlStatement, sql } from '@emporium/platform';
import type { ShippingRule, WeightBand } from '../quotes/model.js';

export interface ShippingOptionRow {
  id: string;
  region_id: string;
  code: string;
  name: string;
  tax_class: TaxClass;
  kind: ShippingRule['kind'];
  amount: number | null;
  free_from: number | null;
  bands: WeightBand[] | null;
  active: boolean;
}

export interface ShippingOptionValues {
  code: string;
  name: string;
  taxClass: TaxClass;
  rule: ShippingRule;
}

const COLUMNS = sql.raw('id, region_id, code, name, tax_class, kind, amount, free_from, bands, active');

/** The rule its columns describe (one kind's fields each, as the table's CHECK keeps them). */
export function ruleOf(
  row: Pick<ShippingOptionRow, 'kind' | 'amount' | 'free_from' | 'bands'>,
): ShippingRule {
  switch (row.kind) {
    case 'flat':
      return { kind: 'flat', amount: row.amount! };
    case 'free_over':
      return { kind: 'free_over', amount: row.amount!, freeFrom: row.free_from! };
    case 'weight_bands':
      return { kind: 'weight_bands', bands: row.bands! };
    case 'pickup':
      return { kind: 'pickup' };
  }
}

interface RuleColumns {
  kind: ShippingRule['kind'];
  amount: number | null;
  freeFrom: number | null;
  /** JSON text of the bands. */
  bands: string | null;
}

function ruleColumns(rule: ShippingRule): RuleColumns {
  switch (rule.kind) {
    case 'flat':
      return { kind: rule.kind, amount: rule.amount, freeFrom: null, bands: null };
    case 'free_over':
      return { kind: rule.kind, amount: rule.amount, freeFrom: rule.freeFrom, bands: null };
    case 'weight_bands':
      return { kind: rule.kind, amount: null, freeFrom: null, bands: JSON.stringify(rule.bands) };
    case 'pickup':
      return { kind: rule.kind, amount: null, freeFrom: null, bands: null };
  }
}

/** All four rule columns set at once, so they always describe one rule. */
function ruleAssignments(rule: ShippingRule): SqlStatement {
  const { kind, amount, freeFrom, bands } = ruleColumns(rule);
  return sql`kind = ${kind}, amount = ${amount}, free_from = ${freeFrom}, bands = ${bands}::jsonb,`;
}

const toOption = (row: ShippingOptionRow): ShippingOption => ({
  id: row.id,
  regionId: row.region_id,
  code: row.code,
  name: row.name,
  taxClass: row.tax_class,
  rule: ruleOf(row),
  active: row.active,
});

export const shippingOptionsRepository = {
  async listOfRegion(db: SqlExecutor, regionId: string, onlyActive = false): Promise<ShippingOption[]> {
    const { rows } = await db.query<ShippingOptionRow>(
      sql`select ${COLUMNS} from shipping_options
          where region_id = ${regionId} ${onlyActive ? sql`and active` : sql.empty} order by code`,
    );
    return rows.map(toOption);
  },

  async insert(
    tx: SqlExecutor,
    id: string,
    regionId: string,
    values: ShippingOptionValues,
  ): Promise<ShippingOption> {
    const rule = ruleColumns(values.rule);
    const { rows } = await tx.query<ShippingOptionRow>(
      sql`insert into shipping_options (id, region_id, code, name, tax_class, kind, amount, free_from, bands)
       values (${id}, ${regionId}, ${values.code}, ${values.name}, ${values.taxClass}, ${rule.kind},
         ${rule.amount}, ${rule.freeFrom}, ${rule.bands}::jsonb)
       returning ${COLUMNS}`,
    );
    return toOption(rows[0]!);
  },

  async update(
    db: SqlExecutor,
    regionId: string,
    id: string,
    patch: { name?: string; taxClass?: TaxClass; rule?: ShippingRule; active?: boolean },
  ): Promise<ShippingOption | undefined> {
    // A new rule replaces all four rule columns at once; without one they stay as they are.
    const { rows } = await db.query<ShippingOptionRow>(
      sql`update shipping_options set
         name = coalesce(${patch.name ?? null}, name),
         tax_class = coalesce(${patch.taxClass ?? null}, tax_class),
         active = coalesce(${patch.active ?? null}, active),
         ${patch.rule ? ruleAssignments(patch.rule) : sql.empty}
         updated_at = now()
       where region_id = ${regionId} and id = ${id} returning ${COLUMNS}`,
    );
    return rows[0] && toOption(rows[0]);
  },

  async remove(db: SqlExecutor, regionId: string, id: string): Promise<boolean> {
    const { rowCount } = await db.query(
      sql`delete from shipping_options where region_id = ${regionId} and id = ${id}`,
    );
    return rowCount > 0;
  },
};
