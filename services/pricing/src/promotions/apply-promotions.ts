// Which promotions a cart gets, and what each takes off which line (ADR 0013):
// - automatic promotions that are not exclusive combine, with the coupon if it is not exclusive;
// - an exclusive promotion (automatic or the coupon) applies alone;
// - of these candidates the one that takes off the most wins (ties: the combination, then the
//   earlier promotion), so the shopper always gets the best single answer;
// - within a combination, buy X get Y comes first, then percentages (each on what the previous
//   left), then fixed amounts, then free shipping; nothing takes a line below zero.

import { lineDiscountsOf, matchesTarget } from './line-discounts.js';
import type { DiscountableLine, PromotionOutcome, PromotionRule } from './model.js';

export interface PromotionCart {
  currency: string;
  lines: DiscountableLine[];
  /** The lines' subtotal before discounts (what minSubtotal compares). */
  subtotal: number;
  /** What shipping costs for a subtotal after line discounts (free_over thresholds move with it). */
  shippingFor(discountedSubtotal: number): number;
}

const ORDER: Record<PromotionRule['kind'], number> = {
  buy_x_get_y: 0,
  percentage: 1,
  fixed: 2,
  free_shipping: 3,
};

/** Whether the cart meets the promotion's conditions at all (currency, minimum, a targeted line). */
export function qualifies(promotion: PromotionRule, cart: PromotionCart): boolean {
  if (promotion.currency !== undefined && promotion.currency !== cart.currency) return false;
  if (promotion.minSubtotal !== undefined && cart.subtotal < promotion.minSubtotal) return false;
  return cart.lines.some((line) => matchesTarget(promotion, line));
}

/** Applies one combination of promotions, in the order above. */
export function applyCombination(
  promotions: readonly PromotionRule[],
  cart: PromotionCart,
): PromotionOutcome {
  const remaining = cart.lines.map((line) => line.unitPrice * line.quantity);
  const applied: PromotionOutcome['applied'] = [];
  let freeShipping: PromotionRule | undefined;
  const ordered = [...promotions].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  for (const promotion of ordered) {
    if (!qualifies(promotion, cart)) continue;
    if (promotion.kind === 'free_shipping') {
      freeShipping ??= promotion;
      continue;
    }
    const discounts = lineDiscountsOf(promotion, cart.lines, remaining);
    const amount = discounts.reduce((sum, discount) => sum + discount, 0);
    if (amount === 0) continue;
    discounts.forEach((discount, index) => {
      remaining[index]! -= discount;
    });
    applied.push({ promotion, amount });
  }
  const lineDiscounts = cart.lines.map((line, index) => line.unitPrice * line.quantity - remaining[index]!);
  const discountedSubtotal = remaining.reduce((sum, amount) => sum + amount, 0);
  const shippingDiscount = freeShipping ? cart.shippingFor(discountedSubtotal) : 0;
  if (freeShipping) applied.push({ promotion: freeShipping, amount: shippingDiscount });
  return { lineDiscounts, shippingDiscount, applied };
}

const discountOf = (outcome: PromotionOutcome) =>
  outcome.lineDiscounts.reduce((sum, discount) => sum + discount, 0) + outcome.shippingDiscount;

/** The best outcome among the candidates the stacking rule allows. */
export function applyPromotions(promotions: readonly PromotionRule[], cart: PromotionCart): PromotionOutcome {
  const candidates = [
    promotions.filter((promotion) => !promotion.exclusive),
    ...promotions.filter((promotion) => promotion.exclusive).map((promotion) => [promotion]),
  ];
  let best: PromotionOutcome | undefined;
  for (const candidate of candidates) {
    const outcome = applyCombination(candidate, cart);
    if (!best || discountOf(outcome) > discountOf(best)) best = outcome;
  }
  return best ?? { lineDiscounts: cart.lines.map(() => 0), shippingDiscount: 0, applied: [] };
}
