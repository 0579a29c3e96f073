// GET /prices on the real PostgreSQL: what the product page shows a guest and a signed-in member
// of a customer group — the best price list price for one unit and the lower ones from more units
// on, by the quote's own rule (ADR 0017).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, type PricingHarness, startPricingHarness } from './harness.js';
import { type SeededPriceLists, seedPriceLists } from './price-list-fixture.js';

let pricing: PricingHarness;
const member = randomUUID();
let lists: SeededPriceLists['listIds'];

beforeAll(async () => {
  pricing = await startPricingHarness();
  ({ listIds: lists } = await seedPriceLists(pricing, { trade: [member] }));
});
afterAll(() => pricing.close());

describe('the shopper’s prices', () => {
  const prices = (skus: string, currency: string, token?: string) =>
    pricing.request('GET', `/prices?skus=${skus}&currency=${currency}`, token ? { token } : {});

  it('answers a guest the sale for everyone and no tiers', async () => {
    const res = await prices('MUG,HAT,NONE', 'EUR');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.json()).toEqual({
      currency: 'EUR',
      prices: [
        {
          sku: 'MUG',
          unit: { minQuantity: 1, amount: 950, priceListId: lists.sale, type: 'sale' },
          tiers: [],
        },
        {
          sku: 'HAT',
          unit: { minQuantity: 1, amount: 1500, priceListId: lists.sale, type: 'sale' },
          tiers: [],
        },
        { sku: 'NONE', tiers: [] },
      ],
    });
  });

  it('answers a signed-in member their group price and tiers', async () => {
    const token = await pricing.tokenFor(member);
    const res = await prices('MUG', 'EUR', token);
    expect(res.json().prices[0]).toEqual({
      sku: 'MUG',
      unit: { minQuantity: 1, amount: 900, priceListId: lists.trade, type: 'override' },
      tiers: [
        { minQuantity: 10, amount: 800, priceListId: lists.trade, type: 'override' },
        { minQuantity: 50, amount: 700, priceListId: lists.trade, type: 'override' },
      ],
    });
  });

  it('refuses a bad SKU list or currency with a 400 naming the field', async () => {
    const badSkus = await prices('MUG,,HAT', 'EUR');
    expect(badSkus.statusCode).toBe(400);
    expect(fieldsOf(badSkus)).toEqual(['querystring.skus']);
    const badCurrency = await prices('MUG', 'euro');
    expect(badCurrency.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'querystring.currency',
    ]);
  });
});
