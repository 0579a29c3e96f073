// The quote engine with price lists, against hand-computed cases (ADR 0017): per line the lowest of
// the catalog price and the applicable lists' tier for its quantity; promotions then apply on that
// price, and tax per ADR 0012 (inclusive: gross × r / (1 + r), half up, per line).
import { describe, expect, it } from 'vitest';
import { percentToPpm } from '../src/money/rates.js';
import type { PromotionRule } from '../src/promotions/model.js';
import type { QuoteRegion, QuoteShippingOption } from '../src/quotes/model.js';
import { computeQuote } from '../src/quotes/quote-engine.js';
import { rateTableTaxProvider } from '../src/quotes/rate-table-tax-provider.js';
import { type GroupKey, priceListRules } from './price-list-fixture.js';

const EU: QuoteRegion = { id: 'eu', currency: 'EUR', taxInclusive: true, taxOnShipping: true };
const US: QuoteRegion = { id: 'us', currency: 'USD', taxInclusive: false, taxOnShipping: false };
const PICKUP: QuoteShippingOption = {
  id: 'p',
  code: 'pickup',
  name: 'Pickup',
  taxClass: 'standard',
  rule: { kind: 'pickup' },
};
const taxes = rateTableTaxProvider(async () => [
  { country: 'DE', subdivision: '', taxClass: 'standard', ratePpm: percentToPpm('19'), name: 'DE' },
  { country: 'US', subdivision: 'CA', taxClass: 'standard', ratePpm: percentToPpm('7.25'), name: 'CA' },
]);

const TRADE_GROUP: GroupKey = 'trade';
const LISTS = priceListRules();
const NOW = new Date('2026-12-07T12:00:00Z');
const TEN_PERCENT: PromotionRule = {
  id: 'ten',
  name: '10 % off',
  kind: 'percentage',
  percentPpm: percentToPpm('10'),
  target: { productIds: [], categories: [], brands: [] },
  exclusive: false,
};

interface Case {
  name: string;
  region?: QuoteRegion;
  to?: { country: string; subdivision?: string };
  sku?: string;
  catalog?: number;
  quantity: number;
  groups?: GroupKey[];
  now?: Date;
  promotions?: PromotionRule[];
  // Expected, worked out by hand:
  unitPrice: number;
  priceList?: string;
  subtotal: number;
  discount?: number;
  tax: number;
  total: number;
}

const CASES: Case[] = [
  // 950 holds 950 × 19/119 = 151.68 → 152 of VAT.
  {
    name: 'a guest gets the sale for everyone',
    quantity: 1,
    unitPrice: 950,
    priceList: 'sale',
    subtotal: 950,
    tax: 152,
    total: 950,
  },
  // 900 < 950 < 1000; 900 × 19/119 = 143.70 → 144.
  {
    name: 'a member gets the group price',
    quantity: 1,
    groups: [TRADE_GROUP],
    unitPrice: 900,
    priceList: 'trade',
    subtotal: 900,
    tax: 144,
    total: 900,
  },
  // Another group's member is not a trade customer: the sale, even at 50 units.
  {
    name: 'a member of another group does not',
    quantity: 50,
    groups: ['other'],
    unitPrice: 950,
    priceList: 'sale',
    subtotal: 47500,
    tax: 7584,
    total: 47500,
  },
  // 9 units reach only the first tier: 8100 × 19/119 = 1293.28 → 1293.
  {
    name: 'one below the 10-unit tier',
    quantity: 9,
    groups: [TRADE_GROUP],
    unitPrice: 900,
    priceList: 'trade',
    subtotal: 8100,
    tax: 1293,
    total: 8100,
  },
  // 8000 × 19/119 = 1277.31 → 1277.
  {
    name: 'exactly at the 10-unit tier',
    quantity: 10,
    groups: [TRADE_GROUP],
    unitPrice: 800,
    priceList: 'trade',
    subtotal: 8000,
    tax: 1277,
    total: 8000,
  },
  // 39200 × 19/119 = 6258.82 → 6259.
  {
    name: 'one below the 50-unit tier',
    quantity: 49,
    groups: [TRADE_GROUP],
    unitPrice: 800,
    priceList: 'trade',
    subtotal: 39200,
    tax: 6259,
    total: 39200,
  },
  // 35000 × 19/119 = 5588.24 → 5588.
  {
    name: 'exactly at the 50-unit tier',
    quantity: 50,
    groups: [TRADE_GROUP],
    unitPrice: 700,
    priceList: 'trade',
    subtotal: 35000,
    tax: 5588,
    total: 35000,
  },
  // 1500 × 19/119 = 239.50 (239.4958) → 239.
  {
    name: 'a SKU only the sale prices',
    sku: 'HAT',
    catalog: 2000,
    quantity: 1,
    unitPrice: 1500,
    priceList: 'sale',
    subtotal: 1500,
    tax: 239,
    total: 1500,
  },
  // The catalog price is already below the sale: no list named.
  {
    name: 'a catalog price below every list',
    catalog: 900,
    quantity: 1,
    unitPrice: 900,
    subtotal: 900,
    tax: 144,
    total: 900,
  },
  // Before last year's list ended it was the lowest: 400 × 19/119 = 63.87 → 64.
  {
    name: 'a list within its dates (before its end)',
    quantity: 1,
    now: new Date('2000-06-01T00:00:00Z'),
    unitPrice: 400,
    priceList: 'lastYear',
    subtotal: 400,
    tax: 64,
    total: 400,
  },
  // From its start next year's list applies: 500 × 19/119 = 79.83 → 80.
  {
    name: 'a list from its start',
    quantity: 1,
    now: new Date('2100-01-01T00:00:00Z'),
    unitPrice: 500,
    priceList: 'nextYear',
    subtotal: 500,
    tax: 80,
    total: 500,
  },
  // USD: the EUR tiers do not count, the USD entry does; CA 7.25 % added: 8500 × 0.0725 = 616.25 → 616.
  {
    name: 'the region currency’s entry, tax added',
    region: US,
    to: { country: 'US', subdivision: 'CA' },
    catalog: 1100,
    quantity: 10,
    groups: [TRADE_GROUP],
    unitPrice: 850,
    priceList: 'trade',
    subtotal: 8500,
    tax: 616,
    total: 9116,
  },
  // 10 % off the tier price: 8000 − 800 = 7200, which holds 7200 × 19/119 = 1149.58 → 1150.
  {
    name: 'a promotion on top of the tier price',
    quantity: 10,
    groups: [TRADE_GROUP],
    promotions: [TEN_PERCENT],
    unitPrice: 800,
    priceList: 'trade',
    subtotal: 8000,
    discount: 800,
    tax: 1150,
    total: 7200,
  },
];

describe('quote engine with price lists', () => {
  it.each(CASES)('$name', async (c) => {
    const quote = await computeQuote(
      {
        region: c.region ?? EU,
        destination: c.to ?? { country: 'DE' },
        shipping: PICKUP,
        lines: [
          {
            sku: c.sku ?? 'MUG',
            unitPrice: c.catalog ?? 1000,
            quantity: c.quantity,
            taxClass: 'standard',
            weightGrams: 0,
          },
        ],
        promotions: c.promotions ?? [],
        priceLists: LISTS,
        shopper: { groupIds: new Set(c.groups ?? []), now: c.now ?? NOW },
      },
      taxes,
    );
    const [line] = quote.lines;
    expect(line).toMatchObject({
      unitPrice: c.unitPrice,
      listPrice: c.catalog ?? 1000,
      subtotal: c.subtotal,
      tax: c.tax,
    });
    expect(line!.priceList?.id).toBe(c.priceList);
    expect(quote).toMatchObject({
      subtotal: c.subtotal,
      discount: c.discount ?? 0,
      tax: c.tax,
      total: c.total,
    });
  });

  it('prices two lines of one cart each by its own quantity', async () => {
    const quote = await computeQuote(
      {
        region: EU,
        destination: { country: 'DE' },
        shipping: PICKUP,
        lines: [
          { sku: 'MUG', unitPrice: 1000, quantity: 10, taxClass: 'standard', weightGrams: 0 },
          { sku: 'MUG', unitPrice: 1000, quantity: 2, taxClass: 'standard', weightGrams: 0 },
        ],
        priceLists: LISTS,
        shopper: { groupIds: new Set([TRADE_GROUP]), now: NOW },
      },
      taxes,
    );
    expect(quote.lines.map((l) => l.unitPrice)).toEqual([800, 900]);
    expect(quote.subtotal).toBe(9800);
  });
});
