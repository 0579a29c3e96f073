// Redemptions: the uses of promotions that orders hold. Each promotion's row is locked (FOR
// UPDATE) while a use is added or released, so the check against its limits and the count that
// follows happen one checkout at a time per promotion: a limit of 20 admits exactly 20 orders
// however many race for it. Keyed by (promotion, order): redeeming again or releasing again
// changes nothing, which makes the checkout saga's retries safe.
import { type SqlExecutor, sql } from '@emporium/platform';

export type RedeemOutcome =
  | { redeemed: true }
  | { redeemed: false; promotionId: string; reason: 'limit-reached' | 'customer-limit-reached' | 'gone' };

interface Use {
  promotionId: string;
  amount: number;
}

async function customerUses(db: SqlExecutor, promotionId: string, customerId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    sql`select count(*)::int as count from promotion_redemptions
        where promotion_id = ${promotionId} and customer_id = ${customerId}`,
  );
  return rows[0]!.count;
}

export const redemptionsRepository = {
  /** Redeems each use for the order, in one transaction (`tx`): all of them, or none. */
  async redeem(
    tx: SqlExecutor,
    orderId: string,
    customerId: string | undefined,
    uses: Use[],
  ): Promise<RedeemOutcome> {
    // Locks in one order (by id) so two checkouts holding the same promotions cannot deadlock.
    for (const use of [...uses].sort((a, b) => a.promotionId.localeCompare(b.promotionId))) {
      const { rows } = await tx.query<{
        usage_limit: number | null;
        per_customer_limit: number | null;
        used: number;
      }>(
        sql`select usage_limit, per_customer_limit, used from promotions where id = ${use.promotionId} for update`,
      );
      const promotion = rows[0];
      if (!promotion) return { redeemed: false, promotionId: use.promotionId, reason: 'gone' };
      const held = await tx.query(
        sql`select 1 from promotion_redemptions where promotion_id = ${use.promotionId} and order_id = ${orderId}`,
      );
      if (held.rowCount > 0) continue;
      if (promotion.usage_limit !== null && promotion.used >= promotion.usage_limit) {
        return { redeemed: false, promotionId: use.promotionId, reason: 'limit-reached' };
      }
      if (promotion.per_customer_limit !== null && customerId) {
        if ((await customerUses(tx, use.promotionId, customerId)) >= promotion.per_customer_limit) {
          return { redeemed: false, promotionId: use.promotionId, reason: 'customer-limit-reached' };
        }
      }
      await tx.query(
        sql`insert into promotion_redemptions (promotion_id, order_id, customer_id, amount)
         values (${use.promotionId}, ${orderId}, ${customerId ?? null}, ${use.amount})`,
      );
      await tx.query(sql`update promotions set used = used + 1 where id = ${use.promotionId}`);
    }
    return { redeemed: true };
  },

  /** Gives back every use the order holds; returns the promotions released. */
  async release(tx: SqlExecutor, orderId: string): Promise<string[]> {
    const { rows: held } = await tx.query<{ promotion_id: string }>(
      sql`select promotion_id from promotion_redemptions where order_id = ${orderId} order by promotion_id`,
    );
    const released: string[] = [];
    for (const { promotion_id: promotionId } of held) {
      await tx.query(sql`select 1 from promotions where id = ${promotionId} for update`);
      const removed = await tx.query(
        sql`delete from promotion_redemptions where promotion_id = ${promotionId} and order_id = ${orderId}`,
      );
      if (removed.rowCount === 0) continue;
      await tx.query(sql`update promotions set used = used - 1 where id = ${promotionId}`);
      released.push(promotionId);
    }
    return released;
  },

  customerUses,

  async usage(db: SqlExecutor, promotionId: string): Promise<{ customers: number; discounted: number }> {
    const { rows } = await db.query<{ customers: number; discounted: string }>(
      sql`select count(distinct customer_id)::int as customers, coalesce(sum(amount), 0)::text as discounted
       from promotion_redemptions where promotion_id = ${promotionId}`,
    );
    return { customers: rows[0]!.customers, discounted: Number(rows[0]!.discounted) };
  },
};
