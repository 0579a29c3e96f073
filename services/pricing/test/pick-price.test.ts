// Which tier of a price list a line pays (ADR 0017): the cheapest of the tiers its quantity
// reaches, so a merchant's tier priced above a smaller one is never charged, and the product page
// (shopperPrices) never promises less than the quote charges.
import { describe, expect, it } from 'vitest';
import type { PriceListRule, PriceShopper } from '../src/price-lists/model.js';
import { pickUnitPrice } from '../src/price-lists/pick-price.js';
import { shopperPrices } from '../src/price-lists/shopper-prices.js';

const SHOPPER: PriceShopper = { groupIds: new Set(), now: new Date('2026-12-07T12:00:00Z') };
const TRADE: PriceListRule = {
  id: 'trade',
  name: 'Trade',
  type: 'sale',
  status: 'active',
  groupIds: [],
  entries: [
    { sku: 'MUG', currency: 'EUR', minQuantity: 1, amount: 1000 },
    { sku: 'MUG', currency: 'EUR', minQuantity: 3, amount: 800 },
    // Entered above the 3-unit tier, by mistake or on purpose: twelve mugs still cost 8.00 each.
    { sku: 'MUG', currency: 'EUR', minQuantity: 10, amount: 850 },
    { sku: 'MUG', currency: 'USD', minQuantity: 1, amount: 500 },
  ],
};

const unitPrice = (quantity: number) =>
  pickUnitPrice({ sku: 'MUG', unitPrice: 1200, quantity }, 'EUR', [TRADE], SHOPPER).unitPrice;

describe('the tier a line pays', () => {
  it.each([
    [1, 1000],
    [2, 1000],
    [3, 800],
    [9, 800],
    [10, 800],
    [12, 800],
  ])('%i units pay %i each', (quantity, expected) => {
    expect(unitPrice(quantity)).toBe(expected);
  });

  it('shows the product page the same tiers the quote charges', () => {
    const shown = shopperPrices('MUG', 'EUR', [TRADE], SHOPPER);
    expect(shown.unit?.amount).toBe(1000);
    expect(shown.tiers.map((tier) => [tier.minQuantity, tier.amount])).toEqual([[3, 800]]);
    for (const quantity of [1, 3, 10, 12]) {
      const promised = [shown.unit, ...shown.tiers]
        .filter((tier) => tier && tier.minQuantity <= quantity)
        .at(-1);
      expect(promised?.amount).toBe(unitPrice(quantity));
    }
  });
});
