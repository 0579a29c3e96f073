// What a shipping option costs for a cart, before tax. Thresholds compare the subtotal as the
// shopper sees it (gross where prices include tax); weight bands the cart's total weight.
import { problems } from '@emporium/platform';
import type { ShippingRule } from './model.js';

export function shippingPrice(rule: ShippingRule, subtotal: number, weightGrams: number): number {
  switch (rule.kind) {
    case 'flat':
      return rule.amount;
    case 'free_over':
      return subtotal >= rule.freeFrom ? 0 : rule.amount;
    case 'pickup':
      return 0;
    case 'weight_bands': {
      const band = [...rule.bands]
        .sort((a, b) => a.upToGrams - b.upToGrams)
        .find((b) => weightGrams <= b.upToGrams);
      if (!band) {
        throw problems.unprocessable(
          `The cart weighs ${weightGrams} g, more than this shipping option carries; choose another.`,
          'shipping-unavailable',
        );
      }
      return band.amount;
    }
  }
}
