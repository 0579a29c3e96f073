// Promotions in the quote engine against hand-computed cases. Each expected amount was worked out
// on paper from ADR 0013 (discounts spread over the lines by largest remainder, percentages
// rounded half up once on what they cover, tax on the discounted line) and ADR 0012 (tax half up
// per line). US: prices exclude tax, California 7.25 %, shipping untaxed. DE: 19 % held in the
// prices and in shipping. JP: 10 % held, no minor unit.
import { HttpProblem } from '@emporium/platform';
import { describe, expect, it } from 'vitest';
import { percentToPpm } from '../src/money/rates.js';
import type { PromotionRule } from '../src/promotions/model.js';
import type { QuoteLineInput, QuoteRegion, QuoteShippingOption } from '../src/quotes/model.js';
import { computeQuote } from '../src/quotes/quote-engine.js';
import { rateTableTaxProvider, type TaxRate } from '../src/quotes/rate-table-tax-provider.js';

const US: QuoteRegion = { id: 'us', currency: 'USD', taxInclusive: false, taxOnShipping: false };
const EU: QuoteRegion = { id: 'eu', currency: 'EUR', taxInclusive: true, taxOnShipping: true };
const JP: QuoteRegion = { id: 'jp', currency: 'JPY', taxInclusive: true, taxOnShipping: true };
const rate = (country: string, subdivision: string, percent: string): TaxRate => ({
  country,
  subdivision,
  taxClass: 'standard',
  ratePpm: percentToPpm(percent),
  name: `${country} ${percent}`,
});
const taxes = rateTableTaxProvider(async () => [
  rate('US', 'CA', '7.25'),
  rate('DE', '', '19'),
  rate('JP', '', '10'),
]);

const option = (amount: number, freeFrom?: number): QuoteShippingOption => ({
  id: 'ship',
  code: 'ship',
  name: 'ship',
  taxClass: 'standard',
  rule: freeFrom === undefined ? { kind: 'flat', amount } : { kind: 'free_over', amount, freeFrom },
});
const FLAT = option(495);
const FREE_FROM_50 = option(495, 5000);
const JP_FLAT = option(800);

let ids = 0;
const promo = (name: string, rule: Partial<PromotionRule> & Pick<PromotionRule, 'kind'>): PromotionRule => ({
  id: `p${++ids}`,
  name,
  target: { productIds: [], categories: [], brands: [] },
  exclusive: false,
  ...rule,
});
const percent = (p: string, extra: Partial<PromotionRule> = {}) =>
  promo(`${p}% off`, { kind: 'percentage', percentPpm: percentToPpm(p), ...extra });
const fixed = (amount: number, currency = 'USD', extra: Partial<PromotionRule> = {}) =>
  promo(`${amount} off`, { kind: 'fixed', amount, currency, ...extra });
const target = (t: Partial<PromotionRule['target']>) => ({
  target: { productIds: [], categories: [], brands: [], ...t },
});
const P10 = percent('10');
const P12_EXCLUSIVE = percent('12', { exclusive: true });
const P20_EXCLUSIVE = percent('20', { exclusive: true });
const F500 = fixed(500);
const FREE_SHIPPING = promo('free shipping', { kind: 'free_shipping' });
const B2G1 = promo('buy 2 get 1', { kind: 'buy_x_get_y', buyQuantity: 2, getQuantity: 1 });

type Line = [unitPrice: number, quantity: number, extra?: Partial<QuoteLineInput>];

interface Case {
  name: string;
  region?: QuoteRegion;
  to?: string;
  lines: Line[];
  shipping?: QuoteShippingOption;
  promotions: PromotionRule[];
  coupon?: PromotionRule;
  discounts: number[];
  shippingDiscount?: number;
  lineTaxes: number[];
  total: number;
  applied: PromotionRule[];
}

const CASES: Case[] = [
  {
    name: 'no promotion: nothing off, 3998 × 7.25 % = 289.855 → 290',
    lines: [[1999, 2]],
    promotions: [],
    discounts: [0],
    lineTaxes: [290],
    total: 3998 + 495 + 290,
    applied: [],
  },
  {
    name: '10 % of 30.00 = 300, spread 100 / 200; tax 65.25 → 65 and 130.5 → 131',
    lines: [
      [1000, 1],
      [2000, 1],
    ],
    promotions: [P10],
    discounts: [100, 200],
    lineTaxes: [65, 131],
    total: 3000 + 495 - 300 + 196,
    applied: [P10],
  },
  {
    name: '10 % of 3.33 + 3.33 + 3.34 = 100: 33.3 / 33.3 / 33.4 → the largest remainder gets the cent',
    lines: [
      [333, 1],
      [333, 1],
      [334, 1],
    ],
    promotions: [P10],
    discounts: [33, 33, 34],
    lineTaxes: [22, 22, 22],
    total: 1000 + 495 - 100 + 66,
    applied: [P10],
  },
  {
    name: '2 off three lines of 1: equal remainders, the earlier lines get the units',
    lines: [
      [1, 1],
      [1, 1],
      [1, 1],
    ],
    promotions: [fixed(2)],
    discounts: [1, 1, 0],
    lineTaxes: [0, 0, 0],
    total: 3 + 495 - 2,
    applied: [],
  },
  {
    name: 'a fixed 50.00 on a 20.00 cart takes it to zero, not below',
    lines: [[1000, 2]],
    promotions: [fixed(5000)],
    discounts: [2000],
    lineTaxes: [0],
    total: 495,
    applied: [],
  },
  {
    name: 'percentage before fixed whatever the order given: 10 % of 100 = 10, then 5 → 8500, tax 616.25 → 616',
    lines: [[10000, 1]],
    promotions: [F500, P10],
    discounts: [1500],
    lineTaxes: [616],
    total: 10000 + 495 - 1500 + 616,
    applied: [P10, F500],
  },
  {
    name: 'an exclusive 20 % (2000) beats the combination of 10 % and 5.00 (1500) and applies alone',
    lines: [[10000, 1]],
    promotions: [P10, F500, P20_EXCLUSIVE],
    discounts: [2000],
    lineTaxes: [580],
    total: 10000 + 495 - 2000 + 580,
    applied: [P20_EXCLUSIVE],
  },
  {
    name: 'the combination (1500) beats an exclusive 12 % (1200)',
    lines: [[10000, 1]],
    promotions: [P10, F500, P12_EXCLUSIVE],
    discounts: [1500],
    lineTaxes: [616],
    total: 10000 + 495 - 1500 + 616,
    applied: [P10, F500],
  },
  {
    name: 'free shipping waives the 4.95; tax 72.5 → 73 on the line',
    lines: [[1000, 1]],
    promotions: [FREE_SHIPPING],
    discounts: [0],
    shippingDiscount: 495,
    lineTaxes: [73],
    total: 1000 + 495 - 495 + 73,
    applied: [FREE_SHIPPING],
  },
  {
    name: 'DE free shipping: the waived shipping holds no VAT any more',
    region: EU,
    to: 'DE',
    lines: [[1190, 1]],
    promotions: [FREE_SHIPPING],
    discounts: [0],
    shippingDiscount: 495,
    lineTaxes: [190],
    total: 1190,
    applied: [FREE_SHIPPING],
  },
  {
    name: 'DE 10 % of 23.80 = 238; 2142 holds 342 exactly; shipping 495 holds 79.03 → 79',
    region: EU,
    to: 'DE',
    lines: [[1190, 2]],
    promotions: [P10],
    discounts: [238],
    lineTaxes: [342],
    total: 2380 + 495 - 238,
    applied: [P10],
  },
  {
    name: 'free shipping from 50.00 sees the discounted 45.00: shipping is charged',
    lines: [[5000, 1]],
    shipping: FREE_FROM_50,
    promotions: [P10],
    discounts: [500],
    lineTaxes: [326],
    total: 5000 + 495 - 500 + 326,
    applied: [P10],
  },
  {
    name: 'buy 2 get 1: of 30.00, 10.00, 10.00 one 10.00 is free; tax 217.5 → 218 and 72.5 → 73',
    lines: [
      [3000, 1],
      [1000, 2],
    ],
    promotions: [B2G1],
    discounts: [0, 1000],
    lineTaxes: [218, 73],
    total: 5000 + 495 - 1000 + 291,
    applied: [B2G1],
  },
  {
    name: 'buy 2 get 1 with 5 units: one full group, one free unit',
    lines: [[1000, 5]],
    promotions: [B2G1],
    discounts: [1000],
    lineTaxes: [290],
    total: 5000 + 495 - 1000 + 290,
    applied: [B2G1],
  },
  {
    name: '20 % off the category mugs matches a line under it only: 400 off 20.00',
    lines: [
      [2000, 1, { categories: ['kitchen', 'mugs'] }],
      [3000, 1, { categories: ['books'] }],
    ],
    promotions: [percent('20', target({ categories: ['mugs'] }))],
    discounts: [400, 0],
    lineTaxes: [116, 218],
    total: 5000 + 495 - 400 + 334,
    applied: [],
  },
  {
    name: '3.00 off the brand Acme, spread over its two lines 150 / 150',
    lines: [
      [1000, 1, { brand: 'Acme' }],
      [1000, 1, { brand: 'Acme' }],
      [5000, 1, { brand: 'Other' }],
    ],
    promotions: [fixed(300, 'USD', target({ brands: ['Acme'] }))],
    discounts: [150, 150, 0],
    lineTaxes: [62, 62, 363],
    total: 7000 + 495 - 300 + 487,
    applied: [],
  },
  {
    name: '50 % off product p-1 at 9.99: 499.5 → 500 (half up)',
    lines: [
      [999, 1, { productId: 'p-1' }],
      [1000, 1, { productId: 'p-2' }],
    ],
    promotions: [percent('50', target({ productIds: ['p-1'] }))],
    discounts: [500, 0],
    lineTaxes: [36, 73],
    total: 1999 + 495 - 500 + 109,
    applied: [],
  },
  {
    name: 'a minimum of 100.00 not reached: nothing off',
    lines: [[5000, 1]],
    promotions: [fixed(1000, 'USD', { minSubtotal: 10000 })],
    discounts: [0],
    lineTaxes: [363],
    total: 5000 + 495 + 363,
    applied: [],
  },
  {
    name: 'an amount in EUR never applies to a USD cart',
    lines: [[1000, 1]],
    promotions: [fixed(500, 'EUR')],
    discounts: [0],
    lineTaxes: [73],
    total: 1000 + 495 + 73,
    applied: [],
  },
  {
    name: 'JPY 10 % of 1234 = 123.4 → 123; 1111 holds 101; shipping 800 holds 72.7 → 73',
    region: JP,
    to: 'JP',
    lines: [[1234, 1]],
    shipping: JP_FLAT,
    promotions: [P10],
    discounts: [123],
    lineTaxes: [101],
    total: 1234 + 800 - 123,
    applied: [P10],
  },
  {
    name: 'a coupon combines with the automatic promotions',
    lines: [[10000, 1]],
    promotions: [P10],
    coupon: fixed(500, 'USD', { code: 'Save5' }),
    discounts: [1500],
    lineTaxes: [616],
    total: 10000 + 495 - 1500 + 616,
    applied: [],
  },
];

const destinationOf = (to = 'US-CA') => {
  const [country, subdivision] = to.split('-') as [string, string | undefined];
  return subdivision ? { country, subdivision } : { country };
};

const quoteOf = (c: Pick<Case, 'region' | 'to' | 'lines' | 'shipping' | 'promotions' | 'coupon'>) =>
  computeQuote(
    {
      region: c.region ?? US,
      destination: destinationOf(c.to),
      shipping: c.shipping ?? FLAT,
      lines: c.lines.map(([unitPrice, quantity, extra], index) => ({
        sku: `SKU-${index}`,
        unitPrice,
        quantity,
        taxClass: 'standard',
        weightGrams: 0,
        ...extra,
      })),
      promotions: c.promotions,
      ...(c.coupon ? { coupon: c.coupon } : {}),
    },
    taxes,
  );

describe('promotions in the quote', () => {
  it.each(CASES)('$name', async (c) => {
    const quote = await quoteOf(c);
    expect(quote.lines.map((line) => line.discount)).toEqual(c.discounts);
    expect(quote.lines.map((line) => line.tax)).toEqual(c.lineTaxes);
    expect(quote.shipping.discount).toBe(c.shippingDiscount ?? 0);
    const lineDiscount = c.discounts.reduce((sum, d) => sum + d, 0);
    expect(quote.discount).toBe(lineDiscount + (c.shippingDiscount ?? 0));
    expect(quote.total).toBe(c.total);
    // What each applied promotion took off adds up to the quote's discount, to the minor unit.
    expect(quote.promotions.reduce((sum, p) => sum + p.amount, 0)).toBe(quote.discount);
    if (c.applied.length > 0) {
      expect(quote.promotions.map((p) => p.promotionId)).toEqual(c.applied.map((p) => p.id));
    }
    if (c.coupon) expect(quote.promotions.map((p) => p.code)).toContain(c.coupon.code);
  });

  it.each([
    [
      'does not apply to the cart (no line of its category)',
      [],
      percent('10', { code: 'MUGS', ...target({ categories: ['mugs'] }) }),
    ],
    [
      'loses to an exclusive automatic promotion that takes off more',
      [P20_EXCLUSIVE],
      fixed(500, 'USD', { code: 'FIVE' }),
    ],
    [
      'is exclusive and takes off less than the automatic ones',
      [P10, F500],
      percent('5', { code: 'ALONE', exclusive: true }),
    ],
  ])('refuses a coupon that %s with 422 coupon-not-applicable', async (_why, promotions, coupon) => {
    const refusal = await quoteOf({ lines: [[10000, 1]], promotions, coupon }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(HttpProblem);
    expect(refusal).toMatchObject({ status: 422, slug: 'coupon-not-applicable' });
    expect((refusal as HttpProblem).extensions).toMatchObject({
      field: 'couponCode',
      reason: 'not-applicable',
    });
  });
});
