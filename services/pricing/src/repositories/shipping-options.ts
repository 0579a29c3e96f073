// Shipping options of a region. The rule is stored in columns per field (amount, free_from,
// bands) that a CHECK keeps consistent with its kind.
import type { ShippingOption, TaxClass } from '@emporium/contracts/pricing';
import type { SqlExecutor } from '@emporium/platform';
import type { QuoteShippingOption, ShippingRule, WeightBand } from '../quotes/model.js';

interface ShippingOptionRow {
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

const COLUMNS = 'id, region_id, code, name, tax_class, kind, amount, free_from, bands, active';

function ruleOf(row: ShippingOptionRow): ShippingRule {
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

function ruleColumns(rule: ShippingRule): [string, number | null, number | null, string | null] {
  switch (rule.kind) {
    case 'flat':
      return [rule.kind, rule.amount, null, null];
    case 'free_over':
      return [rule.kind, rule.amount, rule.freeFrom, null];
    case 'weight_bands':
      return [rule.kind, null, null, JSON.stringify(rule.bands)];
    case 'pickup':
      return [rule.kind, null, null, null];
  }
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
      `select ${COLUMNS} from shipping_options where region_id = $1 ${onlyActive ? 'and active' : ''} order by code`,
      [regionId],
    );
    return rows.map(toOption);
  },

  async activeByCode(
    db: SqlExecutor,
    regionId: string,
    code: string,
  ): Promise<QuoteShippingOption | undefined> {
    const { rows } = await db.query<ShippingOptionRow>(
      `select ${COLUMNS} from shipping_options where region_id = $1 and code = $2 and active`,
      [regionId, code],
      { prepare: true },
    );
    const row = rows[0];
    return row && { id: row.id, code: row.code, name: row.name, taxClass: row.tax_class, rule: ruleOf(row) };
  },

  async insert(
    tx: SqlExecutor,
    id: string,
    regionId: string,
    values: ShippingOptionValues,
  ): Promise<ShippingOption> {
    const { rows } = await tx.query<ShippingOptionRow>(
      `insert into shipping_options (id, region_id, code, name, tax_class, kind, amount, free_from, bands)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) returning ${COLUMNS}`,
      [id, regionId, values.code, values.name, values.taxClass, ...ruleColumns(values.rule)],
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
    const [kind, amount, freeFrom, bands] = patch.rule ? ruleColumns(patch.rule) : [null, null, null, null];
    const { rows } = await db.query<ShippingOptionRow>(
      `update shipping_options set
         name = coalesce($3, name),
         tax_class = coalesce($4, tax_class),
         active = coalesce($5, active),
         kind = coalesce($6, kind),
         amount = case when $6::text is null then amount else $7::bigint end,
         free_from = case when $6::text is null then free_from else $8::bigint end,
         bands = case when $6::text is null then bands else $9::jsonb end,
         updated_at = now()
       where region_id = $1 and id = $2 returning ${COLUMNS}`,
      [
        regionId,
        id,
        patch.name ?? null,
        patch.taxClass ?? null,
        patch.active ?? null,
        kind,
        amount,
        freeFrom,
        bands,
      ],
    );
    return rows[0] && toOption(rows[0]);
  },

  async remove(db: SqlExecutor, regionId: string, id: string): Promise<boolean> {
    const { rowCount } = await db.query('delete from shipping_options where region_id = $1 and id = $2', [
      regionId,
      id,
    ]);
    return rowCount > 0;
  },
};
