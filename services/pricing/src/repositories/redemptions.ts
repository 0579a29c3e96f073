// Redemptions: the uses of promotions that orders hold. Each promotion's row is locked (FOR
// UPDATE) while a use is added or released, so the check against its limits and the count that
// follows happen one checkout at a time per promotion: a limit of 20 admits exactly 20 orders
// however many race for it. Keyed by (promotion, order): redeeming again or releasing again
// changes nothing, which makes the checkout saga's retries safe.
//
// Every checkout that uses a coupon queues on that promotion's row, so the lock is held for as
// few round trips as possible: one statement locks the row, checks the total limit against the
// locked (latest) count, adds the use and counts it; only the commit follows (and for the usual
// redemption, one use of one promotion, not even that: redeemedInOneStatement). What that statement
// cannot decide from the locked row alone (a per-customer limit, or whether a use refused at the
// limit is one the order already holds) is asked again in statements of their own, which in READ
// COMMITTED see everything committed before the lock was granted.
import { type SqlExecutor, type SqlStatement, sql } from '@emporium/platform';

export type RedeemOutcome =
  | { redeemed: true }
  | { redeemed: false; promotionId: string; reason: 'limit-reached' | 'customer-limit-reached' | 'gone' }
  | { redeemed: false; reason: 'released' };

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
  /**
   * The usual redemption, one use of one promotion, as one statement outside any transaction:
   * true when the order now holds the use. It does what redeem's first two statements do (the
   * order's claim, then the locked promotion's limit check, use and count) with the same locks in
   * the same order, and commits at once; the lock on the promotion's row, which every checkout
   * with that coupon queues on, is released without waiting for a COMMIT round trip. false
   * decides nothing and wrote nothing that matters (a claim row, as redeem's own first statement
   * writes): redeem then finds out why (released, gone, used up, a per-customer limit, a use the
   * order held already).
   */
  async redeemedInOneStatement(
    db: SqlExecutor,
    orderId: string,
    customerId: string | undefined,
    use: Use,
  ): Promise<boolean> {
    const { rows } = await db.query<{ added: number }>(
      sql`with claim as (
            insert into promotion_order_claims as c (order_id, released) values (${orderId}, false)
            on conflict (order_id) do update set released = c.released
            returning released
          ), locked as (
            select usage_limit, per_customer_limit, used from promotions
            where id = ${use.promotionId} and not (select released from claim)
            for update
          ), ${addAllowedUse(orderId, customerId, use)}
          select (select count(*) from added)::int as added`,
    );
    return rows[0]!.added > 0;
  },

  /** Redeems each use for the order, in one transaction (`tx`): all of them, or none. */
  async redeem(
    tx: SqlExecutor,
    orderId: string,
    customerId: string | undefined,
    uses: Use[],
  ): Promise<RedeemOutcome> {
    if (await claimOrder(tx, orderId, false)) return { redeemed: false, reason: 'released' };
    // Locks in one order (by id) so two checkouts holding the same promotions cannot deadlock.
    for (const use of [...uses].sort((a, b) => a.promotionId.localeCompare(b.promotionId))) {
      const outcome = await redeemOne(tx, orderId, customerId, use);
      if (outcome) return outcome;
    }
    return { redeemed: true };
  },

  /** Gives back every use the order holds; returns the promotions released. */
  async release(tx: SqlExecutor, orderId: string): Promise<string[]> {
    await claimOrder(tx, orderId, true);
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

type Refusal = Exclude<RedeemOutcome, { redeemed: true }>;

/**
 * The part both redemption statements share, placed after their own `locked` CTE (the
 * promotion's row, selected FOR UPDATE, or no row): `added` adds the use when the locked row's
 * limits allow it, `counted` counts it. One fragment, so a change to the limit check reaches the
 * one-statement and the transactional redemption alike.
 */
function addAllowedUse(orderId: string, customerId: string | undefined, use: Use): SqlStatement {
  return sql`added as (
      insert into promotion_redemptions (promotion_id, order_id, customer_id, amount)
      select ${use.promotionId}::uuid, ${orderId}::uuid, ${customerId ?? null}::text, ${use.amount}::bigint
      from locked
      where (locked.per_customer_limit is null or ${customerId ?? null}::text is null)
        and (locked.usage_limit is null or locked.used < locked.usage_limit)
      on conflict (promotion_id, order_id) do nothing
      returning 1
    ), counted as (
      update promotions set used = used + 1 where id = ${use.promotionId} and exists (select 1 from added)
    )`;
}

/**
 * Takes the order's claim row (locked until the transaction ends), marking it released when
 * `release`; answers whether the order is released (for a redemption: released before it).
 */
async function claimOrder(tx: SqlExecutor, orderId: string, release: boolean): Promise<boolean> {
  const { rows } = await tx.query<{ released: boolean }>(
    sql`insert into promotion_order_claims as c (order_id, released) values (${orderId}, ${release})
        on conflict (order_id) do update set released = c.released or excluded.released
        returning released`,
  );
  return rows[0]!.released;
}

/** Adds one use; a refusal, or undefined when the order holds the use (now or already). */
async function redeemOne(
  tx: SqlExecutor,
  orderId: string,
  customerId: string | undefined,
  use: Use,
): Promise<Refusal | undefined> {
  const promotionId = use.promotionId;
  // A promotion with a per-customer limit takes the use only after the customer's count below.
  const { rows } = await tx.query<{
    usage_limit: number | null;
    per_customer_limit: number | null;
    used: number;
    added: number;
  }>(
    sql`with locked as (
          select usage_limit, per_customer_limit, used from promotions where id = ${promotionId} for update
        ), ${addAllowedUse(orderId, customerId, use)}
        select usage_limit, per_customer_limit, used, (select count(*) from added)::int as added from locked`,
  );
  const promotion = rows[0];
  if (!promotion) return { redeemed: false, promotionId, reason: 'gone' };
  if (promotion.added > 0) return undefined;
  if (await holds(tx, promotionId, orderId)) return undefined;
  if (promotion.usage_limit !== null && promotion.used >= promotion.usage_limit) {
    return { redeemed: false, promotionId, reason: 'limit-reached' };
  }
  if (promotion.per_customer_limit !== null && customerId) {
    if ((await customerUses(tx, promotionId, customerId)) >= promotion.per_customer_limit) {
      return { redeemed: false, promotionId, reason: 'customer-limit-reached' };
    }
  }
  await tx.query(
    sql`insert into promotion_redemptions (promotion_id, order_id, customer_id, amount)
        values (${promotionId}, ${orderId}, ${customerId ?? null}, ${use.amount})`,
  );
  await tx.query(sql`update promotions set used = used + 1 where id = ${promotionId}`);
  return undefined;
}

async function holds(tx: SqlExecutor, promotionId: string, orderId: string): Promise<boolean> {
  const held = await tx.query(
    sql`select 1 from promotion_redemptions where promotion_id = ${promotionId} and order_id = ${orderId}`,
  );
  return held.rowCount > 0;
}
