// Promotions and their rules. A coupon's code is kept as the admin wrote it and found by
// lower(code), so shoppers may type it in any case. Rows are read as StoredPromotion: the rule a
// quote applies and the state that says whether it may.
import type { NewPromotion, PromotionPatch } from '@emporium/contracts/promotions';
import { type SqlExecutor, type SqlStatement, sql } from '@emporium/platform';
import { percentToPpm } from '../money/rates.js';
import type { PromotionState } from '../promotions/coupon-refusal.js';
import type { PromotionRule, PromotionTargetRule } from '../promotions/model.js';

/** A promotion as stored: its rule and its state. */
export interface StoredPromotion {
  rule: PromotionRule;
  state: PromotionState;
}

interface PromotionRow {
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

const COLUMNS =
  sql.raw(`id, name, kind, code, percent_ppm, amount, currency, buy_quantity, get_quantity, target,
  min_subtotal, exclusive, starts_at, ends_at, usage_limit, per_customer_limit, used, status`);

export const fullTarget = (target: Partial<PromotionTargetRule> = {}): PromotionTargetRule => ({
  productIds: target.productIds ?? [],
  categories: target.categories ?? [],
  brands: target.brands ?? [],
});

function ruleOf(row: PromotionRow): PromotionRule {
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

function stateOf(row: PromotionRow): PromotionState {
  return {
    status: row.status,
    used: row.used,
    ...(row.starts_at ? { startsAt: row.starts_at } : {}),
    ...(row.ends_at ? { endsAt: row.ends_at } : {}),
    ...(row.usage_limit !== null ? { usageLimit: row.usage_limit } : {}),
    ...(row.per_customer_limit !== null ? { perCustomerLimit: row.per_customer_limit } : {}),
  };
}

const toStoredPromotion = (row: PromotionRow): StoredPromotion => ({
  rule: ruleOf(row),
  state: stateOf(row),
});

/** A column's new value from a patch field: absent keeps it (undefined), null clears it. */
const patched = <T, C>(value: T | null | undefined, column: (v: T) => C): C | null | undefined =>
  value === undefined ? undefined : value === null ? null : column(value);

export const promotionsRepository = {
  async insert(tx: SqlExecutor, id: string, body: NewPromotion): Promise<StoredPromotion> {
    const { rows } = await tx.query<PromotionRow>(
      sql`insert into promotions (id, name, kind, code, percent_ppm, amount, currency, buy_quantity,
         get_quantity, target, min_subtotal, exclusive, starts_at, ends_at, usage_limit, per_customer_limit)
       values (${id}, ${body.name}, ${body.kind}, ${body.code ?? null},
         ${body.percent === undefined ? null : percentToPpm(body.percent)}, ${body.amount ?? null},
         ${body.currency ?? null}, ${body.buyQuantity ?? null}, ${body.getQuantity ?? null},
         ${JSON.stringify(fullTarget(body.target))}::jsonb, ${body.minSubtotal ?? null}, ${body.exclusive ?? false},
         ${body.startsAt ?? null}, ${body.endsAt ?? null}, ${body.usageLimit ?? null},
         ${body.perCustomerLimit ?? null})
       returning ${COLUMNS}`,
    );
    return toStoredPromotion(rows[0]!);
  },

  async find(db: SqlExecutor, id: string): Promise<StoredPromotion | undefined> {
    const { rows } = await db.query<PromotionRow>(sql`select ${COLUMNS} from promotions where id = ${id}`);
    return rows[0] && toStoredPromotion(rows[0]);
  },

  async list(db: SqlExecutor): Promise<StoredPromotion[]> {
    const { rows } = await db.query<PromotionRow>(
      sql`select ${COLUMNS} from promotions order by created_at, id`,
    );
    return rows.map(toStoredPromotion);
  },

  /**
   * What a quote may apply: the automatic promotions running at `now` and not used up, and the
   * coupon with `code` (whatever its state: the caller says why it cannot be used), in one read.
   */
  async forQuote(
    db: SqlExecutor,
    now: Date,
    code: string | undefined,
  ): Promise<{ automatic: StoredPromotion[]; coupon?: StoredPromotion }> {
    const { rows } = await db.query<PromotionRow>(
      sql`select ${COLUMNS} from promotions
       where (code is null and status = 'active'
           and (starts_at is null or starts_at <= ${now}) and (ends_at is null or ends_at > ${now})
           and (usage_limit is null or used < usage_limit))
         or (code is not null and lower(code) = lower(${code ?? null}))
       order by created_at, id`,
      { prepare: true },
    );
    const coupon = rows.find((row) => row.code !== null);
    return {
      automatic: rows.filter((row) => row.code === null).map(toStoredPromotion),
      ...(coupon ? { coupon: toStoredPromotion(coupon) } : {}),
    };
  },

  async update(db: SqlExecutor, id: string, patch: PromotionPatch): Promise<StoredPromotion | undefined> {
    // Only the fields the patch names are set; null (sent to clear a field) is set as null.
    const sets: SqlStatement[] = [];
    const set = (column: string, value: unknown) => {
      if (value !== undefined) sets.push(sql`${sql.raw(column)} = ${value}`);
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
      sql`update promotions set ${sql.join([...sets, sql`updated_at = now()`], ', ')}
          where id = ${id} returning ${COLUMNS}`,
    );
    return rows[0] && toStoredPromotion(rows[0]);
  },

  async setStatus(
    db: SqlExecutor,
    id: string,
    status: PromotionState['status'],
  ): Promise<StoredPromotion | undefined> {
    const { rows } = await db.query<PromotionRow>(
      sql`update promotions set status = ${status}, updated_at = now() where id = ${id} returning ${COLUMNS}`,
    );
    return rows[0] && toStoredPromotion(rows[0]);
  },
};
