// The promotions a quote may apply: the automatic ones in force that this customer has not used
// up, and the coupon entered if this customer may use it now (else the 422 saying why).
import type { QuoteRequest } from '@emporium/contracts/pricing';
import type { PricingContext } from '../context.js';
import { promotionsRepository as promotions, type StoredPromotion } from '../repositories/promotions.js';
import { redemptionsRepository } from '../repositories/redemptions.js';
import { couponRefused, couponUnusable } from './coupon-refusal.js';
import type { PromotionRule } from './model.js';

export async function promotionOffers(
  ctx: PricingContext,
  request: Pick<QuoteRequest, 'couponCode' | 'customerId'>,
  now: Date,
): Promise<{ automatic: PromotionRule[]; coupon?: PromotionRule }> {
  // One read for both: a quote holds one pooled connection for its promotions, not two.
  const { automatic, coupon: stored } = await promotions.forQuote(ctx.db, now, request.couponCode);
  const coupon = request.couponCode
    ? await usableCoupon(ctx, request.couponCode, stored, request.customerId, now)
    : undefined;
  const kept = await withinCustomerLimits(ctx, automatic, request.customerId);
  return { automatic: kept.map((promotion) => promotion.rule), ...(coupon ? { coupon } : {}) };
}

/** The coupon with this code if this customer may use it now; otherwise the 422 saying why. */
async function usableCoupon(
  ctx: PricingContext,
  code: string,
  promotion: StoredPromotion | undefined,
  customerId: string | undefined,
  now: Date,
): Promise<PromotionRule> {
  if (!promotion) throw couponRefused('unknown-code', `There is no coupon ${code}; check its spelling.`);
  const { rule, state } = promotion;
  const customerUses =
    customerId && state.perCustomerLimit !== undefined
      ? await redemptionsRepository.customerUses(ctx.db, rule.id, customerId)
      : 0;
  const refusal = couponUnusable(rule.code!, state, now, customerUses);
  if (refusal) throw refusal;
  return rule;
}

/** Drops the automatic promotions this customer has used as often as each allows. */
async function withinCustomerLimits(
  ctx: PricingContext,
  offered: StoredPromotion[],
  customerId: string | undefined,
): Promise<StoredPromotion[]> {
  if (!customerId) return offered;
  const kept: StoredPromotion[] = [];
  for (const promotion of offered) {
    const limit = promotion.state.perCustomerLimit;
    if (
      limit === undefined ||
      (await redemptionsRepository.customerUses(ctx.db, promotion.rule.id, customerId)) < limit
    ) {
      kept.push(promotion);
    }
  }
  return kept;
}
