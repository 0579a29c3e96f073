// Promotions and their rules. A coupon's code is kept as the admin wrote it and found by
// lower(code), so shoppers may type it in any case.
import type { NewPromotion, Promotion, PromotionPatch } from '@emporium/contracts/promotions';
import type { SqlExecutor } from '@emporium/platform';
import { percentToPpm, ppmToPercent } from '../money/rates.js';
import type { PromotionState } from '../promotions/coupon-refusal.js';
import type { PromotionRule, PromotionTargetRule } from '../promotions/model.js';

export interface PromotionRow {
  id: string;
  name: string;
  kind: PromotionRule['kind'];
  code: string | null;
  percent_ppm: number | null;
  amount: number | null;
  currency: string | null;
  buy_quantity: number | null;
  get_quantity: number | null;
  target: PromotionTargetRule;
  min_subtotal: number | null;
  exclusive: boolean;
  starts_at: Date | null;
  ends_at: Date | null;
  usage_limit: number | null;
  per_customer_limit: number | null;
  used: number;
  status: 'active' | 'paused';
}

const COLUMNS = `id, name, kind, code, percent_ppm, amount, currency, buy_quantity, get_quantity, target,
  min_subtotal, exclusive, starts_at, ends_at, usage_limit, per_customer_limit, used, status`;

export const fullTarget = (target: Partial<PromotionTargetRule> = {}): PromotionTargetRule => ({
  productIds: target.productIds ?? [],
  categories: target.categories ?? [],
  brands: target.brands ?? [],
});

export function ruleOf(row: PromotionRow): PromotionRule {
  const rule: PromotionRule = {
    id: row.id,
    name: row.name,
    kind: row.kind,
    target: fullTarget(row.target),
    exclusive: row.exclusive,
  };
  if (row.code !== null) rule.code = row.code;
  if (row.percent_ppm !== null) rule.percentPpm = row.percent_ppm;
  if (row.amount !== null) rule.amount = Number(row.amount);
  if (row.currency !== null) rule.currency = row.currency;
  if (row.buy_quantity !== null) rule.buyQuantity = row.buy_quantity;
  if (row.get_quantity !== null) rule.getQuantity = row.get_quantity;
  if (row.min_subtotal !== null) rule.minSubtotal = Number(row.min_subtotal);
  return rule;
}

export function stateOf(row: PromotionRow): PromotionState {
  return {
    status: row.status,
    used: row.used,
    ...(row.starts_at ? { startsAt: row.starts_at } : {}),
    ...(row.ends_at ? { endsAt: row.ends_at } : {}),
    ...(row.usage_limit !== null ? { usageLimit: row.usage_limit } : {}),
    ...(row.per_customer_limit !== null ? { perCustomerLimit: row.per_customer_limit } : {}),
  };
}

export function toPromotion(row: PromotionRow): Promotion {
  const rule = ruleOf(row);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    ...(rule.code !== undefined && { code: rule.code }),
    ...(rule.percentPpm !== undefined && { percent: ppmToPercent(rule.percentPpm) }),
    ...(rule.amount !== undefined && { amount: rule.amount }),
    ...(rule.currency !== undefined && { currency: rule.currency }),
    ...(rule.buyQuantity !== undefined && { buyQuantity: rule.buyQuantity }),
    ...(rule.getQuantity !== undefined && { getQuantity: rule.getQuantity }),
    target: rule.target,
    ...(rule.minSubtotal !== undefined && { minSubtotal: rule.minSubtotal }),
    exclusive: row.exclusive,
    ...(row.starts_at && { startsAt: row.starts_at.toISOString() }),
    ...(row.ends_at && { endsAt: row.ends_at.toISOString() }),
    ...(row.usage_limit !== null && { usageLimit: row.usage_limit }),
    ...(row.per_customer_limit !== null && { perCustomerLimit: row.per_customer_limit }),
    status: row.status,
    used: row.used,
  };
}

/** A column's new value from a patch field: absent keeps it (undefined), null clears it. */
const patched = <T, C>(value: T | null | undefined, column: (v: T) => C): C | null | undefined =>
  value === undefined ? undefined : value === null ? null : column(value);

export const promotionsRepository = {
  async insert(tx: SqlExecutor, id: string, body: NewPromotion): Promise<PromotionRow> {
    const { rows } = await tx.query<PromotionRow>(
      `insert into promotions (id, name, kind, code, percent_ppm, amount, currency, buy_quantity,
         get_quantity, target, min_subtotal, exclusive, starts_at, ends_at, usage_limit, per_customer_limit)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15, $16)
       returning ${COLUMNS}`,
      [
        id,
        body.name,
        body.kind,
        body.code ?? null,
        body.percent === undefined ? null : percentToPpm(body.percent),
        body.amount ?? null,
        body.currency ?? null,
        body.buyQuantity ?? null,
        body.getQuantity ?? null,
        JSON.stringify(fullTarget(body.target)),
        body.minSubtotal ?? null,
        body.exclusive ?? false,
        body.startsAt ?? null,
        body.endsAt ?? null,
        body.usageLimit ?? null,
        body.perCustomerLimit ?? null,
      ],
    );
    return rows[0]!;
  },

  async find(db: SqlExecutor, id: string): Promise<PromotionRow | undefined> {
    const { rows } = await db.query<PromotionRow>(`select ${COLUMNS} from promotions where id = $1`, [id]);
    return rows[0];
  },

  async list(db: SqlExecutor): Promise<PromotionRow[]> {
    const { rows } = await db.query<PromotionRow>(
      `select ${COLUMNS} from promotions order by created_at, id`,
    );
    return rows;
  },

  /**
   * What a quote may apply: the automatic promotions running at `now` and not used up, and the
   * coupon with `code` (whatever its state: the caller says why it cannot be used), in one read.
   */
  async forQuote(
    db: SqlExecutor,
    now: Date,
    code: string | undefined,
  ): Promise<{ automatic: PromotionRow[]; coupon?: PromotionRow }> {
    const { rows } = await db.query<PromotionRow>(
      `select ${COLUMNS} from promotions
       where (code is null and status = 'active'
           and (starts_at is null or starts_at <= $1) and (ends_at is null or ends_at > $1)
           and (usage_limit is null or used < usage_limit))
         or (code is not null and lower(code) = lower($2))
       order by created_at, id`,
      [now, code ?? null],
      { prepare: true },
    );
    const coupon = rows.find((row) => row.code !== null);
    return { automatic: rows.filter((row) => row.code === null), ...(coupon ? { coupon } : {}) };
  },

  async update(db: SqlExecutor, id: string, patch: PromotionPatch): Promise<PromotionRow | undefined> {
    // Only the fields the patch names are set; null (sent to clear a field) is set as null.
    const sets: string[] = [];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    set('name', patch.name);
    set('percent_ppm', patched(patch.percent, percentToPpm));
    set('amount', patch.amount);
    set('buy_quantity', patch.buyQuantity);
    set('get_quantity', patch.getQuantity);
    set(
      'target',
      patched(patch.target, (target) => JSON.stringify(fullTarget(target))),
    );
    set('min_subtotal', patch.minSubtotal);
    set('exclusive', patch.exclusive);
    set('starts_at', patch.startsAt);
    set('ends_at', patch.endsAt);
    set('usage_limit', patch.usageLimit);
    set('per_customer_limit', patch.perCustomerLimit);
    const { rows } = await db.query<PromotionRow>(
      `update promotions set ${sets.join(', ')}, updated_at = now() where id = $1 returning ${COLUMNS}`,
      params,
    );
    return rows[0];
  },

  async setStatus(
    db: SqlExecutor,
    id: string,
    status: PromotionRow['status'],
  ): Promise<PromotionRow | undefined> {
    const { rows } = await db.query<PromotionRow>(
      `update promotions set status = $2, updated_at = now() where id = $1 returning ${COLUMNS}`,
      [id, status],
    );
    return rows[0];
  },
};
