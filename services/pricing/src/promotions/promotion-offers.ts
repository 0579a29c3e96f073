// The promotions a quote may apply: the automatic ones in force that this customer has not used
// up, and the coupon entered if this customer may use it now (else the 422 saying why).
import type { QuoteRequest } from '@emporium/contracts/pricing';
import type { PricingContext } from '../context.js';
import {
  type PromotionRow,
  promotionsRepository as promotions,
  ruleOf,
  stateOf,
} from '../repositories/promotions.js';
import { redemptionsRepository } from '../repositories/redemptions.js';
import { couponRefused, couponUnusable } from './coupon-refusal.js';
import type { PromotionRule } from './model.js';

export async function promotionOffers(
  ctx: PricingContext,
  request: Pick<QuoteRequest, 'couponCode' | 'customerId'>,
  now: Date,
): Promise<{ automatic: PromotionRule[]; coupon?: PromotionRule }> {
  // One read for both: a quote holds one pooled connection for its promotions, not two.
  const { automatic, coupon: couponRow } = await promotions.forQuote(ctx.db, now, request.couponCode);
  const coupon = request.couponCode
    ? await usableCoupon(ctx, request.couponCode, couponRow, request.customerId, now)
    : undefined;
  const kept = await withinCustomerLimits(ctx, automatic, request.customerId);
  return { automatic: kept.map(ruleOf), ...(coupon ? { coupon } : {}) };
}

/** The coupon with this code if this customer may use it now; otherwise the 422 saying why. */
async function usableCoupon(
  ctx: PricingContext,
  code: string,
  row: PromotionRow | undefined,
  customerId: string | undefined,
  now: Date,
): Promise<PromotionRule> {
  if (!row) throw couponRefused('unknown-code', `There is no coupon ${code}; check its spelling.`);
  const customerUses =
    customerId && row.per_customer_limit !== null
      ? await redemptionsRepository.customerUses(ctx.db, row.id, customerId)
      : 0;
  const refusal = couponUnusable(row.code!, stateOf(row), now, customerUses);
  if (refusal) throw refusal;
  return ruleOf(row);
}

/** Drops the automatic promotions this customer has used as often as each allows. */
async function withinCustomerLimits(
  ctx: PricingContext,
  rows: PromotionRow[],
  customerId: string | undefined,
): Promise<PromotionRow[]> {
  if (!customerId) return rows;
  const kept: PromotionRow[] = [];
  for (const row of rows) {
    const limit = row.per_customer_limit;
    if (limit === null || (await redemptionsRepository.customerUses(ctx.db, row.id, customerId)) < limit) {
      kept.push(row);
    }
  }
  return kept;
}
