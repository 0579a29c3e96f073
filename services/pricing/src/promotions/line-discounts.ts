// What one promotion takes off each line, given what earlier promotions of the same combination
// left of the lines (`remaining`). Never more than a line's remaining amount: a fixed amount or a
// stacked percentage cannot take a line below zero.
import { allocateProportionally } from '../money/allocate.js';
import { divideRoundHalfUp, PPM } from '../money/rounding.js';
import type { DiscountableLine, PromotionRule } from './model.js';

export function matchesTarget(promotion: PromotionRule, line: DiscountableLine): boolean {
  const { productIds, categories, brands } = promotion.target;
  if (productIds.length === 0 && categories.length === 0 && brands.length === 0) return true;
  return (
    (line.productId !== undefined && productIds.includes(line.productId)) ||
    (line.categories ?? []).some((category) => categories.includes(category)) ||
    (line.brand !== undefined && brands.includes(line.brand))
  );
}

/** The promotion's discount per line (zeros for lines it does not target). */
export function lineDiscountsOf(
  promotion: PromotionRule,
  lines: readonly DiscountableLine[],
  remaining: readonly number[],
): number[] {
  const eligible = lines.map((line, index) => matchesTarget(promotion, line) && remaining[index]! > 0);
  const weights = remaining.map((amount, index) => (eligible[index] ? amount : 0));
  const base = weights.reduce((sum, weight) => sum + weight, 0);
  switch (promotion.kind) {
    case 'percentage': {
      // Rounded once, on the lines it covers together, then spread: the shopper sees 10 % of
      // the eligible amount, not the sum of per-line roundings.
      const off = Number(divideRoundHalfUp(BigInt(base) * BigInt(promotion.percentPpm ?? 0), PPM));
      return allocateProportionally(off, weights);
    }
    case 'fixed':
      return allocateProportionally(Math.min(promotion.amount ?? 0, base), weights);
    case 'buy_x_get_y':
      return buyXGetY(promotion, lines, remaining, eligible);
    case 'free_shipping':
      return lines.map(() => 0);
  }
}

/**
 * Buy X get Y free: the eligible units, dearest first, are taken in groups of X + Y; in each full
 * group the Y cheapest are free. The free units' prices are taken off the lines holding them.
 */
function buyXGetY(
  promotion: PromotionRule,
  lines: readonly DiscountableLine[],
  remaining: readonly number[],
  eligible: readonly boolean[],
): number[] {
  const buy = promotion.buyQuantity ?? 1;
  const get = promotion.getQuantity ?? 1;
  const units: { line: number; price: number }[] = [];
  lines.forEach((line, index) => {
    if (!eligible[index]) return;
    for (let unit = 0; unit < line.quantity; unit++) units.push({ line: index, price: line.unitPrice });
  });
  units.sort((a, b) => b.price - a.price || a.line - b.line);
  const discounts = lines.map(() => 0);
  const group = buy + get;
  for (let start = 0; start + group <= units.length; start += group) {
    for (const unit of units.slice(start + buy, start + group)) discounts[unit.line]! += unit.price;
  }
  return discounts.map((discount, index) => Math.min(discount, remaining[index]!));
}
