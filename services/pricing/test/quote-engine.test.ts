// The quote engine against hand-computed cases: every expected amount below was worked out on
// paper from the rule in ADR 0012 (half up, per line; inclusive tax = gross × r / (1 + r)).
import { HttpProblem } from '@emporium/platform';
import { describe, expect, it } from 'vitest';
import { percentToPpm } from '../src/money/rates.js';
import type { QuoteRegion, QuoteShippingOption, TaxClass } from '../src/quotes/model.js';
import { computeQuote } from '../src/quotes/quote-engine.js';
import { rateTableTaxProvider, type TaxRate } from '../src/quotes/rate-table-tax-provider.js';

const region = (
  id: string,
  currency: string,
  taxInclusive: boolean,
  taxOnShipping: boolean,
): QuoteRegion => ({
  id,
  currency,
  taxInclusive,
  taxOnShipping,
});
const US = region('us', 'USD', false, false);
const US_TAXED_SHIPPING = region('us-taxed-shipping', 'USD', false, true);
const EU = region('eu', 'EUR', true, true);
const EU_UNTAXED_SHIPPING = region('eu-untaxed-shipping', 'EUR', true, false);
const JP = region('jp', 'JPY', true, true);
const JP_EXCLUSIVE = region('jp-exclusive', 'JPY', false, false);

const rate = (country: string, subdivision: string, taxClass: TaxClass, percent: string): TaxRate => ({
  country,
  subdivision,
  taxClass,
  ratePpm: percentToPpm(percent),
  name: `${country}${subdivision ? `-${subdivision}` : ''} ${taxClass}`,
});
const RATES: TaxRate[] = [
  rate('US', '', 'standard', '0'),
  rate('US', '', 'reduced', '0'),
  rate('US', 'CA', 'standard', '7.25'),
  rate('US', 'NY', 'standard', '8.875'),
  rate('US', 'TX', 'standard', '6.25'),
  rate('DE', '', 'standard', '19'),
  rate('DE', '', 'reduced', '7'),
  rate('FR', '', 'standard', '20'),
  rate('FR', '', 'reduced', '5.5'),
  rate('NL', '', 'standard', '21'),
  rate('NL', '', 'reduced', '9'),
  rate('JP', '', 'standard', '10'),
  rate('JP', '', 'reduced', '8'),
];
const taxes = rateTableTaxProvider(async () => RATES);

const option = (code: string, rule: QuoteShippingOption['rule']): QuoteShippingOption => ({
  id: code,
  code,
  name: code,
  taxClass: 'standard',
  rule,
});
const FLAT = option('flat', { kind: 'flat', amount: 495 });
const FREE_OVER = option('free-over', { kind: 'free_over', amount: 495, freeFrom: 5000 });
const BANDS = option('bands', {
  kind: 'weight_bands',
  // Out of order on purpose: the engine picks by weight, not by position.
  bands: [
    { upToGrams: 5000, amount: 900 },
    { upToGrams: 1000, amount: 500 },
    { upToGrams: 20000, amount: 1900 },
  ],
});
const PICKUP = option('pickup', { kind: 'pickup' });
const JP_FLAT = option('jp-flat', { kind: 'flat', amount: 800 });
const JP_FREE = option('jp-free', { kind: 'free_over', amount: 800, freeFrom: 10000 });

type Line = [unitPrice: number, quantity: number, taxClass?: TaxClass, weightGrams?: number];

interface Case {
  name: string;
  region: QuoteRegion;
  to: string;
  lines: Line[];
  shipping: QuoteShippingOption;
  lineTaxes: number[];
  shippingAmount: number;
  shippingTax: number;
  tax: number;
  total: number;
  jurisdictions?: string[];
}

const CASES: Case[] = [
  // US: prices exclude tax, shipping untaxed.
  {
    name: 'CA 7.25% on 10.00: 72.5 → 73',
    region: US,
    to: 'US-CA',
    lines: [[1000, 1]],
    shipping: FLAT,
    lineTaxes: [73],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 73,
    total: 1568,
  },
  {
    name: 'CA 3 × 3.33: 72.4275 → 72',
    region: US,
    to: 'US-CA',
    lines: [[333, 3]],
    shipping: FLAT,
    lineTaxes: [72],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 72,
    total: 1566,
  },
  {
    name: 'CA exact half 14.5 → 15',
    region: US,
    to: 'US-CA',
    lines: [[200, 1]],
    shipping: FLAT,
    lineTaxes: [15],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 15,
    total: 710,
  },
  {
    name: 'CA just below half 14.4275 → 14',
    region: US,
    to: 'US-CA',
    lines: [[199, 1]],
    shipping: FLAT,
    lineTaxes: [14],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 14,
    total: 708,
  },
  {
    name: 'NY 8.875% on 10.00: 88.75 → 89',
    region: US,
    to: 'US-NY',
    lines: [[1000, 1]],
    shipping: FLAT,
    lineTaxes: [89],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 89,
    total: 1584,
  },
  {
    name: 'NY rounds per line: 0.355 + 0.355 → 0 (the cart sum would round to 1)',
    region: US,
    to: 'US-NY',
    lines: [
      [4, 1],
      [4, 1],
    ],
    shipping: FLAT,
    lineTaxes: [0, 0],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 0,
    total: 503,
  },
  {
    name: 'TX 6.25% on 0.08: 0.5 → 1',
    region: US,
    to: 'US-TX',
    lines: [[8, 1]],
    shipping: FLAT,
    lineTaxes: [1],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 1,
    total: 504,
  },
  {
    name: 'a state without its own rate takes the country rate',
    region: US,
    to: 'US-OR',
    lines: [[1000, 1]],
    shipping: FLAT,
    lineTaxes: [0],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 0,
    total: 1495,
    jurisdictions: ['US'],
  },
  {
    name: 'no subdivision given takes the country rate',
    region: US,
    to: 'US',
    lines: [[1000, 1]],
    shipping: FLAT,
    lineTaxes: [0],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 0,
    total: 1495,
    jurisdictions: ['US'],
  },
  {
    name: 'reduced class in CA falls back to the US reduced rate',
    region: US,
    to: 'US-CA',
    lines: [[1000, 1, 'reduced']],
    shipping: FLAT,
    lineTaxes: [0],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 0,
    total: 1495,
    jurisdictions: ['US'],
  },
  {
    name: 'zero class in CA owes nothing',
    region: US,
    to: 'US-CA',
    lines: [[1000, 1, 'zero']],
    shipping: FLAT,
    lineTaxes: [0],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 0,
    total: 1495,
  },
  {
    name: 'CA standard and zero lines together',
    region: US,
    to: 'US-CA',
    lines: [
      [1000, 1],
      [500, 1, 'zero'],
    ],
    shipping: FLAT,
    lineTaxes: [73, 0],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 73,
    total: 2068,
    jurisdictions: ['US-CA', 'US'],
  },
  {
    name: 'CA with taxed shipping: 35.8875 → 36 on 4.95',
    region: US_TAXED_SHIPPING,
    to: 'US-CA',
    lines: [[1000, 1]],
    shipping: FLAT,
    lineTaxes: [73],
    shippingAmount: 495,
    shippingTax: 36,
    tax: 109,
    total: 1604,
  },
  {
    name: 'free over 50.00: 49.99 still pays',
    region: US,
    to: 'US-CA',
    lines: [[4999, 1]],
    shipping: FREE_OVER,
    lineTaxes: [362],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 362,
    total: 5856,
  },
  {
    name: 'free over 50.00: exactly 50.00 ships free',
    region: US,
    to: 'US-CA',
    lines: [[5000, 1]],
    shipping: FREE_OVER,
    lineTaxes: [363],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 363,
    total: 5363,
  },
  {
    name: 'free over counts quantities: 2 × 25.00 in NY',
    region: US,
    to: 'US-NY',
    lines: [[2500, 2]],
    shipping: FREE_OVER,
    lineTaxes: [444],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 444,
    total: 5444,
  },
  {
    name: 'free over compares the net subtotal where prices exclude tax',
    region: US,
    to: 'US-CA',
    lines: [[4990, 1]],
    shipping: FREE_OVER,
    lineTaxes: [362],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 362,
    total: 5847,
  },
  {
    name: 'weight bands: exactly 1000 g is the first band',
    region: US,
    to: 'US-OR',
    lines: [[100, 1, 'standard', 1000]],
    shipping: BANDS,
    lineTaxes: [0],
    shippingAmount: 500,
    shippingTax: 0,
    tax: 0,
    total: 600,
  },
  {
    name: 'weight bands: 1001 g is the second band',
    region: US,
    to: 'US-OR',
    lines: [[100, 1, 'standard', 1001]],
    shipping: BANDS,
    lineTaxes: [0],
    shippingAmount: 900,
    shippingTax: 0,
    tax: 0,
    total: 1000,
  },
  {
    name: 'weight bands multiply weight by quantity: 3 × 2000 g',
    region: US,
    to: 'US-OR',
    lines: [[100, 3, 'standard', 2000]],
    shipping: BANDS,
    lineTaxes: [0],
    shippingAmount: 1900,
    shippingTax: 0,
    tax: 0,
    total: 2200,
  },
  {
    name: 'weight bands: lines without a weight ship in the first band',
    region: US,
    to: 'US-OR',
    lines: [[100, 1]],
    shipping: BANDS,
    lineTaxes: [0],
    shippingAmount: 500,
    shippingTax: 0,
    tax: 0,
    total: 600,
  },
  {
    name: 'weight bands sum several lines: 400 g + 2 × 300 g',
    region: US,
    to: 'US-CA',
    lines: [
      [1000, 1, 'standard', 400],
      [200, 2, 'zero', 300],
    ],
    shipping: BANDS,
    lineTaxes: [73, 0],
    shippingAmount: 500,
    shippingTax: 0,
    tax: 73,
    total: 1973,
  },
  {
    name: 'pickup costs nothing',
    region: US,
    to: 'US-CA',
    lines: [[1000, 1]],
    shipping: PICKUP,
    lineTaxes: [73],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 73,
    total: 1073,
  },
  {
    name: 'pickup with taxed shipping owes no shipping tax',
    region: US_TAXED_SHIPPING,
    to: 'US-CA',
    lines: [[1000, 1]],
    shipping: PICKUP,
    lineTaxes: [73],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 73,
    total: 1073,
  },
  {
    name: 'the largest line stays exact: 999 × 10^12 in CA',
    region: US,
    to: 'US-CA',
    lines: [[1_000_000_000_000, 999]],
    shipping: PICKUP,
    lineTaxes: [72_427_500_000_000],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 72_427_500_000_000,
    total: 1_071_427_500_000_000,
  },

  // EU: prices hold VAT, shipping taxed at the standard rate.
  {
    name: 'DE 119.00 holds exactly 19.00',
    region: EU,
    to: 'DE',
    lines: [[11900, 1]],
    shipping: FLAT,
    lineTaxes: [1900],
    shippingAmount: 495,
    shippingTax: 79,
    tax: 1979,
    total: 12395,
  },
  {
    name: 'DE 10.00 holds 159.66 → 160; 4.95 shipping holds 79.03 → 79',
    region: EU,
    to: 'DE',
    lines: [[1000, 1]],
    shipping: FLAT,
    lineTaxes: [160],
    shippingAmount: 495,
    shippingTax: 79,
    tax: 239,
    total: 1495,
  },
  {
    name: 'DE reduced 10.70 holds exactly 0.70',
    region: EU,
    to: 'DE',
    lines: [[1070, 1, 'reduced']],
    shipping: FLAT,
    lineTaxes: [70],
    shippingAmount: 495,
    shippingTax: 79,
    tax: 149,
    total: 1565,
  },
  {
    name: 'DE reduced 10.00 holds 65.42 → 65',
    region: EU,
    to: 'DE',
    lines: [[1000, 1, 'reduced']],
    shipping: FLAT,
    lineTaxes: [65],
    shippingAmount: 495,
    shippingTax: 79,
    tax: 144,
    total: 1495,
  },
  {
    name: 'DE zero-rated line, shipping still taxed',
    region: EU,
    to: 'DE',
    lines: [[1000, 1, 'zero']],
    shipping: FLAT,
    lineTaxes: [0],
    shippingAmount: 495,
    shippingTax: 79,
    tax: 79,
    total: 1495,
  },
  {
    name: 'FR 20%: 166.67 → 167; shipping 82.5 → 83 (exact half)',
    region: EU,
    to: 'FR',
    lines: [[1000, 1]],
    shipping: FLAT,
    lineTaxes: [167],
    shippingAmount: 495,
    shippingTax: 83,
    tax: 250,
    total: 1495,
  },
  {
    name: 'FR reduced 5.5%: 10.55 holds exactly 0.55',
    region: EU,
    to: 'FR',
    lines: [[1055, 1, 'reduced']],
    shipping: FLAT,
    lineTaxes: [55],
    shippingAmount: 495,
    shippingTax: 83,
    tax: 138,
    total: 1550,
  },
  {
    name: 'NL 21%: 1.21 holds 0.21, pickup',
    region: EU,
    to: 'NL',
    lines: [[121, 1]],
    shipping: PICKUP,
    lineTaxes: [21],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 21,
    total: 121,
  },
  {
    name: 'NL reduced 9%: 2 × 1.09 holds 0.18',
    region: EU,
    to: 'NL',
    lines: [[109, 2, 'reduced']],
    shipping: PICKUP,
    lineTaxes: [18],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 18,
    total: 218,
  },
  {
    name: 'FR inclusive exact half: 0.03 holds 0.5 → 1',
    region: EU,
    to: 'FR',
    lines: [[3, 1]],
    shipping: PICKUP,
    lineTaxes: [1],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 1,
    total: 3,
  },
  {
    name: 'FR inclusive below half: 0.02 holds 0.33 → 0',
    region: EU,
    to: 'FR',
    lines: [[2, 1]],
    shipping: PICKUP,
    lineTaxes: [0],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 0,
    total: 2,
  },
  {
    name: 'DE free over 50.00 compares the gross subtotal',
    region: EU,
    to: 'DE',
    lines: [[5000, 1]],
    shipping: FREE_OVER,
    lineTaxes: [798],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 798,
    total: 5000,
  },
  {
    name: 'DE 49.99 pays shipping and its VAT',
    region: EU,
    to: 'DE',
    lines: [[4999, 1]],
    shipping: FREE_OVER,
    lineTaxes: [798],
    shippingAmount: 495,
    shippingTax: 79,
    tax: 877,
    total: 5494,
  },
  {
    name: 'DE in a region that does not tax shipping',
    region: EU_UNTAXED_SHIPPING,
    to: 'DE',
    lines: [[1000, 1]],
    shipping: FLAT,
    lineTaxes: [160],
    shippingAmount: 495,
    shippingTax: 0,
    tax: 160,
    total: 1495,
  },
  {
    name: 'DE standard and reduced lines',
    region: EU,
    to: 'DE',
    lines: [
      [1190, 2],
      [107, 1, 'reduced'],
    ],
    shipping: PICKUP,
    lineTaxes: [380, 7],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 387,
    total: 2487,
  },
  {
    name: 'DE with a subdivision uses the country rate',
    region: EU,
    to: 'DE-BY',
    lines: [[1190, 1]],
    shipping: PICKUP,
    lineTaxes: [190],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 190,
    total: 1190,
    jurisdictions: ['DE'],
  },
  {
    name: 'DE weight bands with taxed shipping: 5.00 holds 79.83 → 80',
    region: EU,
    to: 'DE',
    lines: [[1000, 1, 'standard', 1000]],
    shipping: BANDS,
    lineTaxes: [160],
    shippingAmount: 500,
    shippingTax: 80,
    tax: 240,
    total: 1500,
  },

  // JPY: no minor unit; the yen is the unit rounded to.
  {
    name: 'JP 10% inclusive: ¥1000 holds 90.9 → 91; ¥800 shipping holds 72.7 → 73',
    region: JP,
    to: 'JP',
    lines: [[1000, 1]],
    shipping: JP_FLAT,
    lineTaxes: [91],
    shippingAmount: 800,
    shippingTax: 73,
    tax: 164,
    total: 1800,
  },
  {
    name: 'JP reduced 8%: ¥1080 holds exactly ¥80',
    region: JP,
    to: 'JP',
    lines: [[1080, 1, 'reduced']],
    shipping: JP_FLAT,
    lineTaxes: [80],
    shippingAmount: 800,
    shippingTax: 73,
    tax: 153,
    total: 1880,
  },
  {
    name: 'JP exclusive exact half: ¥1005 × 10% = 100.5 → 101',
    region: JP_EXCLUSIVE,
    to: 'JP',
    lines: [[1005, 1]],
    shipping: PICKUP,
    lineTaxes: [101],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 101,
    total: 1106,
  },
  {
    name: 'JP exclusive reduced: 3 × ¥333 × 8% = 79.92 → 80',
    region: JP_EXCLUSIVE,
    to: 'JP',
    lines: [[333, 3, 'reduced']],
    shipping: PICKUP,
    lineTaxes: [80],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 80,
    total: 1079,
  },
  {
    name: 'JP free from ¥10000',
    region: JP,
    to: 'JP',
    lines: [[10000, 1]],
    shipping: JP_FREE,
    lineTaxes: [909],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 909,
    total: 10000,
  },
  {
    name: 'JP ¥9999 pays shipping',
    region: JP,
    to: 'JP',
    lines: [[9999, 1]],
    shipping: JP_FREE,
    lineTaxes: [909],
    shippingAmount: 800,
    shippingTax: 73,
    tax: 982,
    total: 10799,
  },
  {
    name: 'JP exclusive 5 × ¥1 × 10% = 0.5 → 1',
    region: JP_EXCLUSIVE,
    to: 'JP',
    lines: [[1, 5]],
    shipping: PICKUP,
    lineTaxes: [1],
    shippingAmount: 0,
    shippingTax: 0,
    tax: 1,
    total: 6,
  },
];

function destination(to: string) {
  const [country, subdivision] = to.split('-') as [string, string | undefined];
  return subdivision ? { country, subdivision } : { country };
}

function quote(c: Pick<Case, 'region' | 'to' | 'lines' | 'shipping'>) {
  return computeQuote(
    {
      region: c.region,
      destination: destination(c.to),
      shipping: c.shipping,
      lines: c.lines.map(([unitPrice, quantity, taxClass = 'standard', weightGrams = 0], i) => ({
        sku: `SKU-${i}`,
        unitPrice,
        quantity,
        taxClass,
        weightGrams,
      })),
    },
    taxes,
  );
}

describe('quote engine', () => {
  it('has at least 40 hand-computed cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('$name', async (c) => {
    const q = await quote(c);
    const subtotal = c.lines.reduce((sum, [unit, quantity]) => sum + unit * quantity, 0);
    expect(q.lines.map((line) => line.tax)).toEqual(c.lineTaxes);
    expect(q.subtotal).toBe(subtotal);
    expect(q.shipping.amount).toBe(c.shippingAmount);
    expect(q.shipping.tax).toBe(c.shippingTax);
    expect(q.tax).toBe(c.tax);
    expect(q.total).toBe(c.total);
    expect(q.currency).toBe(c.region.currency);
    if (c.jurisdictions) expect(q.rates.map((r) => r.jurisdiction)).toEqual(c.jurisdictions);
  });

  it('reports each rate it used once, shipping included', async () => {
    const q = await quote({
      region: EU,
      to: 'DE',
      lines: [
        [1000, 1],
        [500, 2],
        [300, 1, 'reduced'],
      ],
      shipping: FLAT,
    });
    expect(q.rates).toEqual([
      { jurisdiction: 'DE', taxClass: 'standard', rate: '19', name: 'DE standard' },
      { jurisdiction: 'DE', taxClass: 'reduced', rate: '7', name: 'DE reduced' },
    ]);
    expect(q.shipping.rate).toEqual(q.rates[0]);
  });

  it('refuses a destination without a rate for the class, naming it', async () => {
    const refusal = await quote({ region: EU, to: 'IT', lines: [[1000, 1]], shipping: FLAT }).catch((e) => e);
    expect(refusal).toBeInstanceOf(HttpProblem);
    expect(refusal.status).toBe(422);
    expect(refusal.slug).toBe('tax-rate-missing');
    expect(refusal.detail).toContain('IT');
  });

  it('refuses a cart heavier than the heaviest band', async () => {
    const refusal = await quote({
      region: US,
      to: 'US-CA',
      lines: [[100, 1, 'standard', 20001]],
      shipping: BANDS,
    }).catch((e) => e);
    expect(refusal).toBeInstanceOf(HttpProblem);
    expect(refusal.slug).toBe('shipping-unavailable');
  });

  it('asks the tax provider it is given, so another engine can replace the rate table', async () => {
    const q = await computeQuote(
      {
        region: US,
        destination: { country: 'US', subdivision: 'CA' },
        shipping: FLAT,
        lines: [{ sku: 'A', unitPrice: 1000, quantity: 1, taxClass: 'standard', weightGrams: 0 }],
      },
      {
        async calculate(request) {
          return request.items.map((item) => ({
            ref: item.ref,
            tax: 42,
            rate: { jurisdiction: 'US-CA-LA', taxClass: item.taxClass, rate: '4.2', name: 'external' },
          }));
        },
      },
    );
    expect(q.tax).toBe(42);
    expect(q.total).toBe(1000 + 495 + 42);
    expect(q.rates[0]?.jurisdiction).toBe('US-CA-LA');
  });
});
